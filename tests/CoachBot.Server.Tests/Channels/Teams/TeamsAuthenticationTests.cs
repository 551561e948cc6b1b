using System.Net;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Server.Channels.Teams;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Channels.Teams;

/// <summary>Only the Bot Framework, for this bot, this service URL and the msteams channel, gets through /api/messages.</summary>
public sealed class TeamsAuthenticationTests(TeamsHostFixture fixture) : IClassFixture<TeamsHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private BotConnectorEmulator Connector => fixture.Connector;

    [Fact]
    public async Task Tokens_wrong_in_any_way_are_refused_with_a_coded_problem_and_never_answered()
    {
        var conversation = TeamsHostFixture.NewConversation();
        var message = fixture.Message(conversation, TeamsHostFixture.NewUser(), "What does a product manager do?");
        var refusals = new (string Case, string? Token, bool WithToken, HttpStatusCode Status, string Code)[]
        {
            ("no token", null, false, HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated),
            ("wrong audience", Connector.Mint(Guid.NewGuid().ToString("D")), true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("not an app id", Connector.Mint("someone-else"), true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("wrong issuer", Connector.Mint(TeamsHostFixture.AppId, issuer: "https://sts.example.com"), true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("expired", Connector.Mint(TeamsHostFixture.AppId, expires: DateTimeOffset.UtcNow.AddMinutes(-6)), true, HttpStatusCode.Unauthorized, ErrorCodes.TokenExpired),
            ("unsigned", Connector.Mint(TeamsHostFixture.AppId, key: TokenKey.None), true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("unknown key", Connector.Mint(TeamsHostFixture.AppId, key: TokenKey.Unpublished), true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("garbage", "not.a.jwt", true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("wrong service url", Connector.Mint(TeamsHostFixture.AppId, serviceUrl: "https://smba.trafficmanager.net/amer/"), true, HttpStatusCode.Forbidden, TeamsErrorCodes.ServiceUrlMismatch),
            ("bot of another Entra tenant", null, true, HttpStatusCode.Unauthorized, ErrorCodes.TokenInvalid),
            ("not endorsed for msteams", Connector.Mint(TeamsHostFixture.AppId, key: TokenKey.Webchat), true, HttpStatusCode.Forbidden, TeamsErrorCodes.ChannelNotEndorsed),
        };

        var otherEntraTenant = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(message))!;
        otherEntraTenant["conversation"] = JsonSerializer.SerializeToElement(new { id = conversation, conversationType = "personal", tenantId = Guid.NewGuid().ToString("D") });
        otherEntraTenant["channelData"] = JsonSerializer.SerializeToElement(new { });
        foreach (var refusal in refusals)
        {
            using var response = await fixture.PostAsync(refusal.Case == "bot of another Entra tenant" ? otherEntraTenant : message, refusal.Token, refusal.WithToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(refusal.Status == response.StatusCode, $"{refusal.Case}: {(int)response.StatusCode} {body}");
            await ProblemAssert.HasCodeAsync(response, refusal.Status, refusal.Code);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        }

        // Within the five minutes of clock skew an expired token still passes, and the valid one is answered once.
        using (var skewed = await fixture.PostAsync(message, Connector.Mint(TeamsHostFixture.AppId, expires: DateTimeOffset.UtcNow.AddMinutes(-3))))
        {
            Assert.Equal(HttpStatusCode.OK, skewed.StatusCode);
        }

        var calls = await Connector.WaitForMessagesAsync(conversation, 1, Patience);
        Assert.Single(calls, call => call.Type == "message");
    }

    [Fact]
    public async Task Connector_urls_must_be_https_unless_a_local_connector_is_allowed_and_the_host_refuses_to_start_otherwise()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Channels:Teams:OpenIdMetadataUrl"] = "http://login.example.com/v1/.well-known/openidconfiguration" };
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestHost.StartAsync(data.Path, settings: settings));
        Assert.Contains("OpenIdMetadataUrl", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_bodies_are_refused_as_bad_requests()
    {
        var conversation = TeamsHostFixture.NewConversation();
        using (var notJson = await fixture.Host.Http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent("hello"), TestContext.Current.CancellationToken))
        {
            await ProblemAssert.HasCodeAsync(notJson, HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        }

        using (var broken = await fixture.PostAsync(new { type = "message", id = 7 }))
        {
            await ProblemAssert.HasCodeAsync(broken, HttpStatusCode.BadRequest, TeamsErrorCodes.ActivityInvalid);
        }

        using (var noConversation = await fixture.PostAsync(new { type = "message", id = "1", serviceUrl = Connector.ServiceUrl, channelId = "msteams" }))
        {
            await ProblemAssert.HasCodeAsync(noConversation, HttpStatusCode.BadRequest, TeamsErrorCodes.ActivityInvalid);
        }

        Assert.Empty(Connector.CallsTo(conversation));
    }
}
