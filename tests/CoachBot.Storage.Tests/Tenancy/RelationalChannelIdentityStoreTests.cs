using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tests.Tenancy;

public sealed class RelationalChannelIdentityStoreTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChannelAccount SlackAlice = new(TurnChannels.Slack, "T0001", "U0ALICE");
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RelationalChannelIdentityStore NewStore() => new(_db.Open());

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_platform_account_gets_one_random_user_per_tenant_on_first_contact(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var first = await store.GetOrCreateAsync(A, SlackAlice, T0, Cancel);
        var again = await store.GetOrCreateAsync(A, SlackAlice, T0.AddMinutes(5), Cancel);
        var otherTenant = await store.GetOrCreateAsync(B, SlackAlice, T0, Cancel);
        var teams = await store.GetOrCreateAsync(A, SlackAlice with { Channel = TurnChannels.Teams }, T0, Cancel);

        Assert.Equal(first.OwnUser, again.OwnUser);
        Assert.Equal(T0, again.CreatedAt);
        Assert.Null(first.LinkedUser);
        Assert.Equal(first.OwnUser, first.ActsAs);
        Assert.NotEqual(first.OwnUser, otherTenant.OwnUser);
        Assert.NotEqual(first.OwnUser, teams.OwnUser);
        Assert.DoesNotContain("U0ALICE", first.OwnUser.Value, StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Concurrent_first_contacts_agree_on_one_user(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.GetOrCreateAsync(A, SlackAlice, T0, Cancel)));
        Assert.Single(results.Select(r => r.OwnUser).Distinct());
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_link_code_links_once_and_only_in_its_own_tenant_before_it_expires(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var widgetUser = new UserKey(A, UserId.Parse("visitor-1"));
        var code = await store.CreateLinkCodeAsync(widgetUser, T0, T0.AddMinutes(10), Cancel);
        Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", code);

        Assert.Null(await store.LinkAsync(B, SlackAlice, code, T0.AddMinutes(1), Cancel));
        Assert.Null(await store.LinkAsync(A, SlackAlice, "WRONG234", T0.AddMinutes(1), Cancel));
        var lowerWithDash = code[..4].ToLowerInvariant() + "-" + code[4..].ToLowerInvariant();
        Assert.Equal(widgetUser, await store.LinkAsync(A, SlackAlice, lowerWithDash, T0.AddMinutes(1), Cancel));
        Assert.Null(await store.LinkAsync(A, SlackAlice with { ExternalUserId = "U0MALLORY" }, code, T0.AddMinutes(2), Cancel));

        var identity = await store.GetOrCreateAsync(A, SlackAlice, T0.AddMinutes(3), Cancel);
        Assert.Equal(widgetUser.User, identity.ActsAs);
        Assert.Equal(T0.AddMinutes(1), identity.LinkedAt);
        Assert.Equal([SlackAlice], (await store.ListLinkedAsync(widgetUser, Cancel)).Select(i => i.Account));
        Assert.Empty(await store.ListLinkedAsync(new UserKey(B, widgetUser.User), Cancel));

        var expired = await store.CreateLinkCodeAsync(widgetUser, T0, T0.AddMinutes(10), Cancel);
        Assert.Null(await store.LinkAsync(A, SlackAlice with { ExternalUserId = "U0BOB" }, expired, T0.AddMinutes(11), Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Unlinking_returns_the_account_to_its_own_user_and_both_changes_are_audited(StorageEngine engine)
    {
        _db.Start(engine);
        var database = _db.Open();
        var store = new RelationalChannelIdentityStore(database);
        var tenants = new RelationalTenantStore(database, TestSecrets.Protector);
        await tenants.CreateTenantAsync(new Tenant(A, "A", new TenantSettings(), false, T0, T0), null, AuditActor.System, Cancel);
        var widgetUser = new UserKey(A, UserId.Parse("visitor-1"));
        var own = (await store.GetOrCreateAsync(A, SlackAlice, T0, Cancel)).OwnUser;
        var code = await store.CreateLinkCodeAsync(widgetUser, T0, T0.AddMinutes(10), Cancel);
        await store.LinkAsync(A, SlackAlice, code, T0.AddMinutes(1), Cancel);

        Assert.True(await store.UnlinkAsync(A, SlackAlice, T0.AddMinutes(2), AuditActor.User(widgetUser.User), Cancel));
        Assert.False(await store.UnlinkAsync(A, SlackAlice, T0.AddMinutes(3), AuditActor.User(widgetUser.User), Cancel));
        Assert.Equal(own, (await store.GetOrCreateAsync(A, SlackAlice, T0.AddMinutes(4), Cancel)).ActsAs);

        var audit = await tenants.ListAuditAsync(A, 10, Cancel);
        Assert.Equal([AuditActions.ChannelUnlinked, AuditActions.ChannelLinked], audit.Take(2).Select(e => e.Action));
        Assert.All(audit.Take(2), entry => Assert.DoesNotContain(code, entry.Detail, StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Erasing_a_user_forgets_their_accounts_and_codes_and_frees_accounts_linked_to_them(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var widgetUser = new UserKey(A, UserId.Parse("visitor-1"));
        var bobSlack = SlackAlice with { ExternalUserId = "U0BOB" };
        var bob = await store.GetOrCreateAsync(A, bobSlack, T0, Cancel);
        var aliceOwn = (await store.GetOrCreateAsync(A, SlackAlice, T0, Cancel)).OwnUser;
        await store.LinkAsync(A, SlackAlice, await store.CreateLinkCodeAsync(widgetUser, T0, T0.AddMinutes(10), Cancel), T0, Cancel);
        var unused = await store.CreateLinkCodeAsync(widgetUser, T0, T0.AddMinutes(10), Cancel);

        await store.DeleteUserAsync(widgetUser, Cancel);
        Assert.Equal(aliceOwn, (await store.GetOrCreateAsync(A, SlackAlice, T0, Cancel)).ActsAs);
        Assert.Null(await store.LinkAsync(A, bobSlack, unused, T0.AddMinutes(1), Cancel));

        await store.DeleteUserAsync(new UserKey(A, bob.OwnUser), Cancel);
        Assert.NotEqual(bob.OwnUser, (await store.GetOrCreateAsync(A, bobSlack, T0, Cancel)).OwnUser);
    }
}
