using System.Security.Cryptography;

namespace CoachBot.Tenancy;

/// <summary>The text of widget keys and identity secrets.</summary>
public static class WidgetKeys
{
    /// <summary>The prefix of every widget key.</summary>
    public const string WidgetKeyPrefix = "cbw_";

    /// <summary>The prefix of every generated identity secret.</summary>
    public const string IdentitySecretPrefix = "cbis_";

    /// <summary>A new public widget key: the prefix and 24 random bytes in lowercase hex.</summary>
    public static string NewWidgetKey() => WidgetKeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>A new identity secret: the prefix and 32 random bytes in lowercase hex (used as UTF-8 text for HMAC and HS256).</summary>
    public static string NewIdentitySecret() => IdentitySecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when the text could be a widget key; anything else is refused without a database lookup.</summary>
    public static bool IsWellFormedWidgetKey(string? text) =>
        text is { Length: > 4 and <= 128 } && text.StartsWith(WidgetKeyPrefix, StringComparison.Ordinal);
}
