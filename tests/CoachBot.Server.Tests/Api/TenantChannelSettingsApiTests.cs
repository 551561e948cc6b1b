using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api;

/// <summary>Slack and Teams settings of a tenant through the admin API: validated, unique across tenants, secrets write-only.</summary>
public sealed class TenantChannelSettingsApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const string SigningSecret = "8f14e45fceea167a5a36dedd4bea2543";
    private const string BotToken = "xoxb-2000-3000-channelsecretbottoken";
    private const string AppPassword = "teams~app~password~channel~secret";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewTenantId(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Fresh ids per test: the fixture's host is shared, and each id may belong to one tenant only.</summary>
    private static string NewSlackTeam() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static UpdateTenantRequest Update(ChannelSettingsInput channels) => new("Channels", new TenantSettingsInput { Channels = channels });

    [Fact]
    public async Task Channel_secrets_are_write_only_and_only_their_presence_is_shown_or_audited()
    {
        var admin = await fixture.CreateTenantWithAdminKeyAsync(NewTenantId("chan"), "sk-unused-model-key", Cancel);
        using var client = fixture.KeyClient(admin.Key);
        var team = NewSlackTeam();
        var teamsApp = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var bodies = new List<string>();

        using var put = await client.PutAsJsonAsync("/api/tenant", Update(new ChannelSettingsInput
        {
            Slack = new SlackSettingsInput { TeamIds = [team], AppId = "A0123ABCD", SigningSecret = SigningSecret, BotToken = BotToken },
            Teams = new TeamsSettingsInput { AppId = teamsApp, TenantId = "0a1b2c3d-0000-4000-8000-000000000001", AppPassword = AppPassword },
        }), TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        bodies.Add(await put.Content.ReadAsStringAsync(Cancel));

        var shown = (await client.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!.Settings.Channels;
        Assert.Equal([team], shown.Slack.TeamIds);
        Assert.Equal("A0123ABCD", shown.Slack.AppId);
        Assert.True(shown.Slack.HasSigningSecret && shown.Slack.HasBotToken && shown.Teams.HasAppPassword);
        Assert.Equal(teamsApp.ToLowerInvariant(), shown.Teams.AppId);

        // Omitted secrets stay, "" removes one.
        using var keep = await client.PutAsJsonAsync("/api/tenant", Update(new ChannelSettingsInput
        {
            Slack = new SlackSettingsInput { TeamIds = [team], BotToken = "" },
            Teams = new TeamsSettingsInput { AppId = teamsApp },
        }), TestHost.Json, Cancel);
        bodies.Add(await keep.Content.ReadAsStringAsync(Cancel));
        var kept = JsonSerializer.Deserialize<TenantResponse>(bodies[^1], TestHost.Json)!.Settings.Channels;
        Assert.True(kept.Slack.HasSigningSecret);
        Assert.False(kept.Slack.HasBotToken);
        Assert.True(kept.Teams.HasAppPassword);

        bodies.Add(await client.GetStringAsync(new Uri("/api/tenant", UriKind.Relative), Cancel));
        var audit = await client.GetStringAsync(new Uri("/api/tenant/audit", UriKind.Relative), Cancel);
        bodies.Add(audit);
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        bodies.Add(await operatorClient.GetStringAsync(new Uri("/api/admin/tenants", UriKind.Relative), Cancel));

        var entries = JsonSerializer.Deserialize<AuditEntryResponse[]>(audit, TestHost.Json)!;
        IEnumerable<string?> ChannelParts(AuditEntryResponse entry) =>
            entry.Detail.GetProperty("changed").EnumerateArray().Select(e => e.GetString()).Where(name => name!.StartsWith("channels", StringComparison.Ordinal));
        Assert.Equal(["channels", "channels.slack.botToken"], ChannelParts(entries[0]));
        Assert.Equal(["channels", "channels.slack.signingSecret", "channels.slack.botToken", "channels.teams.appPassword"], ChannelParts(entries[1]));
        foreach (var secret in new[] { SigningSecret, BotToken, AppPassword, "signingSecret\":", "botToken\":", "appPassword\":" })
        {
            Assert.All(bodies, body => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Malformed_channel_settings_are_refused_as_settings_invalid_without_echoing_secrets()
    {
        var admin = await fixture.CreateTenantWithAdminKeyAsync(NewTenantId("bad"), "sk-unused-model-key", Cancel);
        using var client = fixture.KeyClient(admin.Key);
        const string BadToken = "xoxp-user-token-not-a-bot-token";

        foreach (var channels in new ChannelSettingsInput[]
        {
            new() { Slack = new SlackSettingsInput { TeamIds = ["t-lowercase"] } },
            new() { Slack = new SlackSettingsInput { AppId = "B0123" } },
            new() { Slack = new SlackSettingsInput { BotToken = BadToken } },
            new() { Slack = new SlackSettingsInput { SigningSecret = "short" } },
            new() { Teams = new TeamsSettingsInput { AppId = "not-a-guid" } },
            new() { Teams = new TeamsSettingsInput { TenantId = "contoso.onmicrosoft.com" } },
            new() { Teams = new TeamsSettingsInput { AppPassword = new string('x', 257) } },
        })
        {
            using var response = await client.PutAsJsonAsync("/api/tenant", Update(channels), TestHost.Json, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.Contains("\"code\":\"settings_invalid\"", body, StringComparison.Ordinal);
            Assert.Contains("channels.", body, StringComparison.Ordinal);
            Assert.DoesNotContain(BadToken, body, StringComparison.Ordinal);
        }

        var unchanged = (await client.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!;
        Assert.Empty(unchanged.Settings.Channels.Slack.TeamIds);
        Assert.False(unchanged.Settings.Channels.Slack.HasBotToken);
    }

    [Fact]
    public async Task A_Slack_team_or_Teams_app_belongs_to_one_tenant_and_a_conflict_does_not_say_which()
    {
        var ownerId = NewTenantId("owner");
        var owner = await fixture.CreateTenantWithAdminKeyAsync(ownerId, "sk-unused-model-key", Cancel);
        var other = await fixture.CreateTenantWithAdminKeyAsync(NewTenantId("other"), "sk-unused-model-key", Cancel);
        var team = NewSlackTeam();
        var teamsApp = Guid.NewGuid().ToString("D");
        using var ownerClient = fixture.KeyClient(owner.Key);
        using var claimed = await ownerClient.PutAsJsonAsync("/api/tenant", Update(new ChannelSettingsInput
        {
            Slack = new SlackSettingsInput { TeamIds = [team] },
            Teams = new TeamsSettingsInput { AppId = teamsApp },
        }), TestHost.Json, Cancel);
        claimed.EnsureSuccessStatusCode();

        using var otherClient = fixture.KeyClient(other.Key);
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        var attempts = new[]
        {
            await otherClient.PutAsJsonAsync("/api/tenant", Update(new ChannelSettingsInput { Slack = new SlackSettingsInput { TeamIds = [team], BotToken = BotToken } }), TestHost.Json, Cancel),
            await otherClient.PutAsJsonAsync("/api/tenant", Update(new ChannelSettingsInput { Teams = new TeamsSettingsInput { AppId = teamsApp.ToUpperInvariant() } }), TestHost.Json, Cancel),
            await operatorClient.PostAsJsonAsync("/api/admin/tenants", new CreateTenantRequest(NewTenantId("third"), "Third", new TenantSettingsInput
            {
                Channels = new ChannelSettingsInput { Slack = new SlackSettingsInput { TeamIds = [team] } },
            }), TestHost.Json, Cancel),
        };
        foreach (var response in attempts)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                Assert.Contains("\"code\":\"channel_in_use\"", body, StringComparison.Ordinal);
                Assert.DoesNotContain(ownerId, body, StringComparison.Ordinal);
            }
        }

        var otherTenant = (await otherClient.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!;
        Assert.Empty(otherTenant.Settings.Channels.Slack.TeamIds);
        Assert.False(otherTenant.Settings.Channels.Slack.HasBotToken);
        Assert.Null(otherTenant.Settings.Channels.Teams.AppId);
    }
}
