using System.ComponentModel.DataAnnotations;
using CoachBot.Server.Channels.Slack;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>The Slack settings are checked when the host starts.</summary>
public sealed class SlackOptionsTests
{
    [Theory]
    [InlineData("https://slack.com/api/", true)]
    [InlineData("http://127.0.0.1:5999/api/", true)]
    [InlineData("http://[::1]:5999/api/", true)]
    [InlineData("http://slack.example/api/", false)]
    [InlineData("https://slack.com/api", false)]
    [InlineData("https://user:pass@slack.com/api/", false)]
    [InlineData("ftp://slack.com/api/", false)]
    public void The_web_api_base_url_must_be_https_or_loopback_http_and_end_with_a_slash(string url, bool valid) =>
        Assert.Equal(valid, IsValid(new SlackOptions { ApiBaseUrl = new Uri(url) }));

    [Fact]
    public void Client_id_and_secret_come_together_and_secrets_have_slacks_shape()
    {
        Assert.True(IsValid(new SlackOptions { ClientId = "1234.5678", ClientSecret = "0123456789abcdef0123" }));
        Assert.False(IsValid(new SlackOptions { ClientId = "1234.5678" }));
        Assert.False(IsValid(new SlackOptions { ClientId = "not-an-id", ClientSecret = "0123456789abcdef0123" }));
        Assert.False(IsValid(new SlackOptions { SigningSecret = "short" }));
        Assert.False(IsValid(new SlackOptions { Scopes = ["chat:write", "bad scope"] }));
        Assert.False(IsValid(new SlackOptions { UpdateInterval = TimeSpan.FromMilliseconds(10) }));
        Assert.False(IsValid(new SlackOptions { TimestampTolerance = TimeSpan.FromMinutes(10) }));
    }

    private static bool IsValid(SlackOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true)
        && !options.Validate(new ValidationContext(options)).Any();
}
