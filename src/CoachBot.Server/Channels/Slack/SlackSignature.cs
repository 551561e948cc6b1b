using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// Slack's request signature: <c>v0=</c> and the hex HMAC-SHA256, keyed with the app's signing secret, of
/// <c>v0:{timestamp}:{raw body}</c>, compared in constant time; a timestamp too far from now is refused.
/// </summary>
internal static class SlackSignature
{
    private const string Version = "v0";

    /// <summary>The signature header value for <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Concat(Version, ":", timestamp, ":"));
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }

    /// <summary>Checks the two headers of a request against its raw body.</summary>
    public static SlackSignatureCheck Verify(
        string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SlackSignatureCheck.Missing;
        }

        // Checked first, so an old request is refused even when its signature is genuine.
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return SlackSignatureCheck.Expired;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var presented = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? SlackSignatureCheck.Valid : SlackSignatureCheck.Mismatch;
    }
}

/// <summary>The outcome of checking a request's signature.</summary>
internal enum SlackSignatureCheck
{
    Valid,
    Missing,
    Expired,
    Mismatch,
}
