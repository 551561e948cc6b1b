using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Storage.Tenancy;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tests.Tenancy;

/// <summary>Tenants' role-content overlays on SQLite: one row per tenant and role, audited with each change, read per tenant.</summary>
public sealed class RelationalRoleOverlayStoreTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Admin = new("tenant-admin", "key-1");
    private const int Limit = 200;
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static RoleOverlay Overlay(TenantId tenant, string roleId, string version, string etag, string region = "usa") =>
        new(tenant, roleId, region, $"---\nrole_id: {roleId}\nversion: {version}\n", version, etag, T0, Admin);

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Overlays_are_created_replaced_listed_per_tenant_and_removed_each_with_its_audit_entry(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalRoleOverlayStore(_db.Open());
        var tenants = new RelationalTenantStore(_db.Open(), TestSecrets.Protector);

        Assert.False(await store.SetAsync(Overlay(A, "solutions-engineer", "2031.01.1", "e1"), Limit, Cancel));
        Assert.False(await store.SetAsync(Overlay(B, "solutions-engineer", "2031.09.9", "e9"), Limit, Cancel));
        Assert.True(await store.SetAsync(Overlay(A, "solutions-engineer", "2031.01.2", "e2", region: "germany") with { UpdatedAt = T0.AddMinutes(1) }, Limit, Cancel));
        Assert.False(await store.SetAsync(Overlay(A, "data-engineer", "2031.02.1", "e3"), Limit, Cancel));

        var a = (await store.GetAsync(A, "solutions-engineer", Cancel))!;
        Assert.Equal(("germany", "2031.01.2", "e2", T0.AddMinutes(1), Admin), (a.RegionId, a.ContentVersion, a.ETag, a.UpdatedAt, a.UpdatedBy));
        Assert.Contains("version: 2031.01.2", a.Markdown, StringComparison.Ordinal);
        Assert.Equal(["data-engineer", "solutions-engineer"], (await store.ListAsync(A, Cancel)).Select(o => o.RoleId));
        Assert.Equal("2031.09.9", Assert.Single(await store.ListAsync(B, Cancel)).ContentVersion);
        Assert.Equal(3, (await store.ListAllAsync(Cancel)).Count);
        Assert.Equal([(A, "data-engineer", "e3"), (A, "solutions-engineer", "e2"), (B, "solutions-engineer", "e9")], (await store.ListStampsAsync(Cancel)).Select(s => (s.TenantId, s.RoleId, s.ETag)));

        var removed = await store.RemoveAsync(A, "solutions-engineer", T0.AddMinutes(2), Admin, Cancel);
        Assert.Equal("e2", removed?.ETag);
        Assert.Null(await store.RemoveAsync(A, "solutions-engineer", T0.AddMinutes(3), Admin, Cancel));
        Assert.Null(await store.GetAsync(A, "solutions-engineer", Cancel));
        Assert.NotNull(await store.GetAsync(B, "solutions-engineer", Cancel));

        var audit = await tenants.ListAuditAsync(A, 10, Cancel);
        Assert.Equal(
            [AuditActions.ContentOverlayRemoved, AuditActions.ContentOverlaySet, AuditActions.ContentOverlaySet, AuditActions.ContentOverlaySet],
            audit.Select(e => e.Action));
        Assert.Contains("\"contentVersion\":\"2031.01.2\"", audit[0].Detail, StringComparison.Ordinal);
        Assert.Contains("\"replaced\":true", audit[2].Detail, StringComparison.Ordinal);
        Assert.All(audit, e => Assert.Equal(Admin, e.Actor));
        Assert.Single(await tenants.ListAuditAsync(B, 10, Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_new_overlay_beyond_the_cap_is_refused_and_stored_nowhere_while_replacing_one_still_works(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalRoleOverlayStore(_db.Open());
        var tenants = new RelationalTenantStore(_db.Open(), TestSecrets.Protector);
        Assert.False(await store.SetAsync(Overlay(A, "role-1", "2031.01.1", "e1"), 2, Cancel));
        Assert.False(await store.SetAsync(Overlay(A, "role-2", "2031.01.1", "e2"), 2, Cancel));

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => store.SetAsync(Overlay(A, "role-3", "2031.01.1", "e3"), 2, Cancel));

        Assert.Equal(ErrorCodes.OverlayLimitReached, refused.Code);
        Assert.Null(await store.GetAsync(A, "role-3", Cancel));
        Assert.Equal(2, (await tenants.ListAuditAsync(A, 10, Cancel)).Count);
        Assert.True(await store.SetAsync(Overlay(A, "role-1", "2031.01.2", "e4"), 2, Cancel));
        Assert.Equal("2031.01.2", (await store.GetAsync(A, "role-1", Cancel))?.ContentVersion);
        Assert.False(await store.SetAsync(Overlay(B, "role-3", "2031.01.1", "e5"), 2, Cancel));
        Assert.NotNull(await store.RemoveAsync(A, "role-2", T0, Admin, Cancel));
        Assert.False(await store.SetAsync(Overlay(A, "role-3", "2031.01.1", "e6"), 2, Cancel));
        Assert.Equal(["role-1", "role-3"], (await store.ListAsync(A, Cancel)).Select(o => o.RoleId));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Concurrent_writers_racing_for_the_last_free_place_cannot_go_past_the_cap(StorageEngine engine)
    {
        _db.Start(engine);
        const int cap = 5;
        var seed = new RelationalRoleOverlayStore(_db.Open());
        for (var i = 0; i < cap - 1; i++)
        {
            await seed.SetAsync(Overlay(A, $"seed-{i}", "2031.01.1", $"s{i}"), cap, Cancel);
        }

        // Each writer has its own database object (its own connections), as separate hosts of a cluster would.
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await new RelationalRoleOverlayStore(_db.Open()).SetAsync(Overlay(A, $"race-{i}", "2031.01.1", $"r{i}"), cap, Cancel);
                return true;
            }
            catch (CoachBotException ex) when (ex.Code == ErrorCodes.OverlayLimitReached)
            {
                return false;
            }
        }, Cancel)).ToArray();
        var won = await Task.WhenAll(writers);

        Assert.Equal(1, won.Count(w => w));
        Assert.Equal(cap, (await seed.ListAsync(A, Cancel)).Count);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Overlays_are_read_back_after_a_restart(StorageEngine engine)
    {
        _db.Start(engine);
        await new RelationalRoleOverlayStore(_db.Open()).SetAsync(Overlay(A, "solutions-engineer", "2031.01.1", "e1"), Limit, Cancel);

        var reopened = new RelationalRoleOverlayStore(_db.Open());

        Assert.Equal("e1", (await reopened.GetAsync(A, "solutions-engineer", Cancel))?.ETag);
    }
}
