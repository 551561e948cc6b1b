using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tests.Tenancy;

public sealed class TenantChannelStoreTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Admin = new("tenant-admin", "key-1");
    private const string TeamsApp = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string EntraTenant = "0a1b2c3d-0000-4000-8000-000000000001";
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RelationalTenantStore NewStore() => new(_db.Open(), TestSecrets.Protector);

    private static TenantSettings WithChannels(string[] slackTeams, string? teamsApp = null, string? entraTenant = null) => new()
    {
        Channels = new TenantChannelSettings
        {
            Slack = new SlackChannelSettings { TeamIds = slackTeams, AppId = "A0123ABCD" },
            Teams = new TeamsChannelSettings { AppId = teamsApp, TenantId = entraTenant },
        },
    };

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Slack_teams_and_the_Teams_app_find_their_tenant(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(new Tenant(A, "A", WithChannels(["T0001AAAA", "E0002BBBB"], TeamsApp, EntraTenant), false, T0, T0), null, Admin, Cancel);
        await store.CreateTenantAsync(new Tenant(B, "B", WithChannels(["T0003CCCC"]), false, T0, T0), null, Admin, Cancel);

        Assert.Equal(A, (await store.FindTenantBySlackTeamAsync("T0001AAAA", Cancel))?.Id);
        Assert.Equal(A, (await store.FindTenantBySlackTeamAsync("E0002BBBB", Cancel))?.Id);
        Assert.Equal(B, (await store.FindTenantBySlackTeamAsync("T0003CCCC", Cancel))?.Id);
        Assert.Null(await store.FindTenantBySlackTeamAsync("T9999ZZZZ", Cancel));

        Assert.Equal(A, (await store.FindTenantByTeamsAppAsync(TeamsApp.ToUpperInvariant(), EntraTenant, Cancel))?.Id);
        Assert.Null(await store.FindTenantByTeamsAppAsync(TeamsApp, "0a1b2c3d-0000-4000-8000-000000000002", Cancel));
        Assert.Null(await store.FindTenantByTeamsAppAsync(TeamsApp, null, Cancel));
        Assert.Null(await store.FindTenantByTeamsAppAsync("not-a-guid", EntraTenant, Cancel));

        // Moving a workspace away frees it; the old id no longer finds the tenant.
        await store.UpdateTenantAsync(A, "A", WithChannels(["T0001AAAA"], TeamsApp), null, T0.AddMinutes(1), Admin, Cancel);
        Assert.Null(await store.FindTenantBySlackTeamAsync("E0002BBBB", Cancel));
        Assert.Equal(A, (await store.FindTenantByTeamsAppAsync(TeamsApp, "any-entra-tenant", Cancel))?.Id);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_Slack_team_or_Teams_app_of_another_tenant_is_refused_and_nothing_changes(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(new Tenant(A, "A", WithChannels(["T0001AAAA"], TeamsApp), false, T0, T0), null, Admin, Cancel);
        await store.CreateTenantAsync(new Tenant(B, "B", new TenantSettings(), false, T0, T0), null, Admin, Cancel);

        var slack = await Assert.ThrowsAsync<CoachBotException>(() =>
            store.UpdateTenantAsync(B, "B2", WithChannels(["T0001AAAA"]), new TenantSecretChanges { SlackBotToken = new SecretChange("xoxb-1-2-3") }, T0.AddMinutes(1), Admin, Cancel));
        Assert.Equal(ErrorCodes.ChannelInUse, slack.Code);
        Assert.DoesNotContain("tenant-a", slack.Message, StringComparison.Ordinal);
        var teams = await Assert.ThrowsAsync<CoachBotException>(() =>
            store.CreateTenantAsync(new Tenant(TenantId.Parse("tenant-c"), "C", WithChannels([], TeamsApp), false, T0, T0), null, Admin, Cancel));
        Assert.Equal(ErrorCodes.ChannelInUse, teams.Code);

        var b = (await store.GetTenantAsync(B, Cancel))!;
        Assert.Equal("B", b.DisplayName);
        Assert.False(b.HasSlackBotToken);
        Assert.Null(await store.GetTenantAsync(TenantId.Parse("tenant-c"), Cancel));
        Assert.Equal(A, (await store.FindTenantBySlackTeamAsync("T0001AAAA", Cancel))?.Id);
        Assert.DoesNotContain(await store.ListAuditAsync(B, 10, Cancel), e => e.Action == AuditActions.SettingsChanged);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Channel_secrets_keep_clear_or_replace_and_the_audit_names_only_which_changed(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(new Tenant(A, "A", new TenantSettings(), false, T0, T0), null, Admin, Cancel);
        var secrets = new TenantSecretChanges
        {
            SlackSigningSecret = new SecretChange("8f14e45fceea167a5a36dedd4bea2543"),
            SlackBotToken = new SecretChange("xoxb-secret-bot-token"),
        };
        await store.UpdateTenantAsync(A, "A", WithChannels(["T0001AAAA"]), secrets, T0.AddMinutes(1), Admin, Cancel);
        var kept = await store.UpdateTenantAsync(A, "A", WithChannels(["T0001AAAA"]), null, T0.AddMinutes(2), Admin, Cancel);
        Assert.True(kept!.HasSlackSigningSecret && kept.HasSlackBotToken);
        var cleared = await store.UpdateTenantAsync(
            A, "A", WithChannels(["T0001AAAA"]), new TenantSecretChanges { SlackBotToken = SecretChange.Clear }, T0.AddMinutes(3), Admin, Cancel);
        Assert.True(cleared!.HasSlackSigningSecret);
        Assert.False(cleared.HasSlackBotToken);
        Assert.Null(await store.GetSecretAsync(A, TenantSecretKind.SlackBotToken, Cancel));
        Assert.Equal("8f14e45fceea167a5a36dedd4bea2543", await store.GetSecretAsync(A, TenantSecretKind.SlackSigningSecret, Cancel));

        var audit = await store.ListAuditAsync(A, 10, Cancel);
        Assert.Equal("""{"changed":["channels.slack.botToken"]}""", audit[0].Detail);
        Assert.Equal("""{"changed":[]}""", audit[1].Detail);
        Assert.Equal("""{"changed":["channels","channels.slack.signingSecret","channels.slack.botToken"]}""", audit[2].Detail);
        Assert.All(audit, e => Assert.DoesNotContain("xoxb-secret", e.Detail, StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain("8f14e45f", e.Detail, StringComparison.Ordinal));
    }
}
