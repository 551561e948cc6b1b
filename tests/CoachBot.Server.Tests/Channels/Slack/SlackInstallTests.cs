using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Ids;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using static CoachBot.Server.Tests.Channels.Slack.SlackHostFixture;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>Installing CoachBot's Slack app for a tenant through OAuth.</summary>
public sealed class SlackInstallTests(SlackHostFixture fixture) : IClassFixture<SlackHostFixture>
{
    private const string InstalledTeam = "T0INSTALL";
    private const string InstalledToken = "xoxb-3-installed-token";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_install_stores_the_bot_token_encrypted_maps_the_workspace_and_its_messages_are_answered_with_that_token()
    {
        var store = fixture.Host.Services.GetRequiredService<ITenantStore>();
        var (tenantId, adminKey) = await CreateTenantAsync("acme");
        fixture.Slack.OAuthAnswer = new JsonObject
        {
            ["ok"] = true,
            ["access_token"] = InstalledToken,
            ["token_type"] = "bot",
            ["scope"] = "app_mentions:read,chat:write,commands,im:history,im:read,im:write",
            ["bot_user_id"] = BotUser,
            ["app_id"] = "A0COACHBOT",
            ["team"] = new JsonObject { ["id"] = InstalledTeam, ["name"] = "Acme <Corp>" },
            ["enterprise"] = null,
            ["authed_user"] = new JsonObject { ["id"] = "U0ADMIN" },
            ["is_enterprise_install"] = false,
        };

        using var noKey = await fixture.Host.Http.GetAsync(new Uri("/api/slack/install", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);

        var state = await StartInstallAsync(adminKey);
        using (var tampered = await CallbackAsync(SlackEmulator.OAuthCode, state[..^4] + "AAAA"))
        {
            await ProblemAssert.HasCodeAsync(tampered, HttpStatusCode.BadRequest, "slack_state_invalid");
        }

        using (var installed = await CallbackAsync(SlackEmulator.OAuthCode, state))
        {
            var page = await installed.Content.ReadAsStringAsync(Cancel);
            Assert.True(installed.StatusCode == HttpStatusCode.OK, page);
            Assert.Contains("Acme &lt;Corp&gt;", page, StringComparison.Ordinal);
        }

        var exchange = fixture.Slack.Calls.Last(call => call.Method == "oauth.v2.access");
        Assert.Equal((SlackEmulator.OAuthCode, "http://" + fixture.Host.BaseAddress.Authority + "/api/slack/oauth/callback"), (exchange.Arg("code"), exchange.Arg("redirect_uri")));

        // The state works once.
        using (var reused = await CallbackAsync(SlackEmulator.OAuthCode, state))
        {
            await ProblemAssert.HasCodeAsync(reused, HttpStatusCode.BadRequest, "slack_state_invalid");
        }

        var tenant = (await store.FindTenantBySlackTeamAsync(InstalledTeam, Cancel))!;
        Assert.Equal((tenantId, "A0COACHBOT", true), (tenant.Id.Value, tenant.Settings.Channels.Slack.AppId, tenant.HasSlackBotToken));
        Assert.Equal(InstalledToken, await store.GetSecretAsync(tenant.Id, TenantSecretKind.SlackBotToken, Cancel));
        var stored = await ReadStoredTokenAsync(tenantId);
        Assert.StartsWith("cbsec1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("installed-token", stored, StringComparison.Ordinal);
        var audit = await store.ListAuditAsync(tenant.Id, 10, Cancel);
        Assert.Contains(audit, entry => entry.Action == AuditActions.SettingsChanged && entry.Detail.Contains("channels.slack.botToken", StringComparison.Ordinal) && entry.Actor.Kind != "system");
        Assert.DoesNotContain(audit, entry => entry.Detail.Contains(InstalledToken, StringComparison.Ordinal));

        // The workspace now reaches its tenant; CoachBot's own app signs its requests, and the reply uses the installed token.
        var channel = fixture.NewId("D");
        using var delivered = await DeliverAsync(fixture.Host, Event(InstalledTeam, fixture.NewId("Ev"), DirectMessage(fixture.NewId("U"), channel, "1700003000.000100", "Hello coach")), AppSigningSecret);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        await fixture.Slack.WaitForFinishedReplyAsync(channel, TimeSpan.FromSeconds(30));
        Assert.All(fixture.Slack.CallsIn(channel), call => Assert.Equal("Bearer " + InstalledToken, call.Authorization));
    }

    [Fact]
    public async Task A_workspace_another_tenant_holds_cannot_be_installed_and_a_refused_code_stores_nothing()
    {
        var store = fixture.Host.Services.GetRequiredService<ITenantStore>();
        var (tenantId, adminKey) = await CreateTenantAsync("rival");
        fixture.Slack.OAuthAnswer = new JsonObject
        {
            ["ok"] = true,
            ["access_token"] = "xoxb-4-stolen",
            ["token_type"] = "bot",
            ["team"] = new JsonObject { ["id"] = StreamingTeam, ["name"] = "Taken" },
        };

        using (var refused = await CallbackAsync("not-the-code", await StartInstallAsync(adminKey)))
        {
            await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.BadRequest, "slack_install_failed");
        }

        using (var denied = await fixture.Host.Http.GetAsync(new Uri("/api/slack/oauth/callback?error=access_denied&state=x", UriKind.Relative), Cancel))
        {
            await ProblemAssert.HasCodeAsync(denied, HttpStatusCode.BadRequest, "slack_install_failed");
        }

        using (var taken = await CallbackAsync(SlackEmulator.OAuthCode, await StartInstallAsync(adminKey)))
        {
            await ProblemAssert.HasCodeAsync(taken, HttpStatusCode.Conflict, "channel_in_use");
        }

        var tenant = (await store.GetTenantAsync(TenantId.Parse(tenantId), Cancel))!;
        Assert.Equal((0, false), (tenant.Settings.Channels.Slack.TeamIds.Count, tenant.HasSlackBotToken));
        Assert.Equal("default", (await store.FindTenantBySlackTeamAsync(StreamingTeam, Cancel))!.Id.Value);
        Assert.Equal(StreamingToken, await store.GetSecretAsync(TenantId.Parse("default"), TenantSecretKind.SlackBotToken, Cancel));
    }

    /// <summary>A new tenant without Slack, and a tenant admin key for it.</summary>
    private async Task<(string TenantId, string AdminKey)> CreateTenantAsync(string prefix)
    {
        var store = fixture.Host.Services.GetRequiredService<ITenantStore>();
        var tenantId = TenantId.Parse(prefix + "-" + Guid.NewGuid().ToString("N")[..6]);
        var now = DateTimeOffset.UtcNow;
        await store.CreateTenantAsync(new Tenant(tenantId, prefix, new TenantSettings(), false, now, now), null, AuditActor.System, Cancel);
        var issued = await Server.Api.ApiKeyIssuer.IssueAsync(store, tenantId, ApiKeyKind.TenantAdmin, AuditActor.System, TimeProvider.System, Cancel);
        return (tenantId.Value, issued.Key);
    }

    private async Task<string> StartInstallAsync(string adminKey)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", adminKey);
        using var response = await client.GetAsync(new Uri("/api/slack/install", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https://slack.example/oauth/v2/authorize", location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal((ClientId, "app_mentions:read,chat:write,commands,im:history,im:read,im:write"), (query["client_id"].ToString(), query["scope"].ToString()));
        return query["state"].ToString();
    }

    private Task<HttpResponseMessage> CallbackAsync(string code, string state) =>
        fixture.Host.Http.GetAsync(new Uri($"/api/slack/oauth/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}", UriKind.Relative), Cancel);

    private async Task<string> ReadStoredTokenAsync(string tenantId)
    {
        await using var connection = await fixture.Host.Services.GetRequiredService<RelationalDatabase>().OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT slack_bot_token FROM tenants WHERE tenant_id = @tenant";
        var tenant = command.CreateParameter();
        tenant.ParameterName = "tenant";
        tenant.Value = tenantId;
        command.Parameters.Add(tenant);
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
