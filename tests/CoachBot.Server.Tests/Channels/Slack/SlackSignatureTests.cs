using System.Text;
using CoachBot.Server.Channels.Slack;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>Slack's signature scheme, checked against the worked example in Slack's documentation.</summary>
public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
        + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Slacks_published_example_computes_and_verifies()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        Assert.Equal(Signature, SlackSignature.Compute(Secret, Timestamp, body));
        Assert.Equal(SlackSignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp, Signature, body, SentAt.AddSeconds(30), Tolerance));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(57)]
    [InlineData(300)]
    public void One_byte_changed_anywhere_in_the_body_is_refused(int position)
    {
        var body = Encoding.UTF8.GetBytes(Body);
        body[position] ^= 0x01;
        Assert.Equal(SlackSignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp, Signature, body, SentAt, Tolerance));
    }

    [Fact]
    public void A_changed_signature_secret_or_timestamp_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        var altered = Signature[..^1] + (Signature[^1] == '3' ? '4' : '3');
        Assert.Equal(SlackSignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp, altered, body, SentAt, Tolerance));
        Assert.Equal(SlackSignatureCheck.Mismatch, SlackSignature.Verify(Secret.ToUpperInvariant(), Timestamp, Signature, body, SentAt, Tolerance));
        Assert.Equal(SlackSignatureCheck.Mismatch, SlackSignature.Verify(Secret, "1531420619", Signature, body, SentAt, Tolerance));
        Assert.Equal(SlackSignatureCheck.Mismatch, SlackSignature.Verify(Secret, Timestamp, Signature.ToUpperInvariant(), body, SentAt, Tolerance));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86_400)]
    public void A_timestamp_more_than_five_minutes_from_now_is_refused_even_with_a_genuine_signature(int secondsFromSending)
    {
        var check = SlackSignature.Verify(Secret, Timestamp, Signature, Encoding.UTF8.GetBytes(Body), SentAt.AddSeconds(secondsFromSending), Tolerance);
        Assert.Equal(SlackSignatureCheck.Expired, check);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Five_minutes_either_way_is_still_accepted(int secondsFromSending) =>
        Assert.Equal(SlackSignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp, Signature, Encoding.UTF8.GetBytes(Body), SentAt.AddSeconds(secondsFromSending), Tolerance));

    [Theory]
    [InlineData(null, Signature)]
    [InlineData(Timestamp, null)]
    [InlineData("", Signature)]
    [InlineData("-1531420618", Signature)]
    [InlineData("1531420618.5", Signature)]
    public void Missing_or_malformed_headers_are_refused(string? timestamp, string? signature) =>
        Assert.Equal(SlackSignatureCheck.Missing, SlackSignature.Verify(Secret, timestamp, signature, Encoding.UTF8.GetBytes(Body), SentAt, Tolerance));
}
