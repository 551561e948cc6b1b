using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Tenancy;
using Microsoft.Data.Sqlite;

namespace CoachBot.Storage.Tests.Tenancy;

public sealed class WidgetIdentityAndConsentStoreTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Admin = new("tenant-admin", "key-1");
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Tenant NewTenant(TenantId id) => new(id, "Tenant " + id.Value, new TenantSettings(), false, T0, T0);

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Widget_keys_find_their_tenant_until_rotated_and_the_identity_secret_stays_write_only(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTenantStore(_db.Open(), TestSecrets.Protector);
        await store.CreateTenantAsync(NewTenant(A), null, Admin, Cancel);
        await store.CreateTenantAsync(NewTenant(B) with { WidgetKey = "cbw_fixed" }, null, Admin, Cancel);
        var a = (await store.GetTenantAsync(A, Cancel))!;
        Assert.StartsWith("cbw_", a.WidgetKey, StringComparison.Ordinal);
        Assert.False(a.HasIdentitySecret);
        Assert.Equal(B, (await store.FindTenantByWidgetKeyAsync("cbw_fixed", Cancel))!.Id);
        Assert.Equal(A, (await store.FindTenantByWidgetKeyAsync(a.WidgetKey!, Cancel))!.Id);

        Assert.True(await store.SetWidgetKeyAsync(A, "cbw_new", T0.AddMinutes(1), Admin, Cancel));
        Assert.Null(await store.FindTenantByWidgetKeyAsync(a.WidgetKey!, Cancel));
        Assert.Equal(A, (await store.FindTenantByWidgetKeyAsync("cbw_new", Cancel))!.Id);
        Assert.False(await store.SetWidgetKeyAsync(TenantId.Parse("missing"), "cbw_x", T0, Admin, Cancel));

        Assert.True(await store.SetIdentitySecretAsync(A, "identity-secret-value-0123456789abcdef", T0.AddMinutes(2), Admin, Cancel));
        Assert.True((await store.GetTenantAsync(A, Cancel))!.HasIdentitySecret);
        Assert.Equal("identity-secret-value-0123456789abcdef", await store.GetIdentitySecretAsync(A, Cancel));
        Assert.Null(await store.GetIdentitySecretAsync(B, Cancel));

        var audit = await store.ListAuditAsync(A, 10, Cancel);
        Assert.Equal([AuditActions.IdentitySecretRotated, AuditActions.WidgetKeyRotated, AuditActions.TenantCreated], audit.Select(e => e.Action));
        Assert.All(audit, entry => Assert.DoesNotContain("identity-secret-value", entry.Detail, StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task An_identity_token_id_is_accepted_once_per_tenant_until_it_expires(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTenantStore(_db.Open(), TestSecrets.Protector);
        var expires = T0.AddMinutes(10);
        Assert.True(await store.TryUseIdentityTokenAsync(A, "jti-1", expires, T0, Cancel));
        Assert.False(await store.TryUseIdentityTokenAsync(A, "jti-1", expires, T0.AddMinutes(5), Cancel));
        Assert.True(await store.TryUseIdentityTokenAsync(B, "jti-1", expires, T0, Cancel));
        Assert.True(await store.TryUseIdentityTokenAsync(A, "jti-1", T0.AddMinutes(30), T0.AddMinutes(11), Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Consent_is_kept_per_tenant_and_user_and_audited_when_it_changes(StorageEngine engine)
    {
        _db.Start(engine);
        var database = _db.Open();
        var tenants = new RelationalTenantStore(database, TestSecrets.Protector);
        var consents = new RelationalConsentStore(database);
        await tenants.CreateTenantAsync(NewTenant(A), null, Admin, Cancel);
        var alice = new UserKey(A, UserId.Parse("alice"));
        var bob = new UserKey(A, UserId.Parse("bob"));
        var foreignAlice = new UserKey(B, UserId.Parse("alice"));

        Assert.False(await consents.GetCoachingReviewConsentAsync(alice, Cancel));
        await consents.SetCoachingReviewConsentAsync(alice, true, T0, Cancel);
        await consents.SetCoachingReviewConsentAsync(alice, true, T0.AddMinutes(1), Cancel);
        await consents.SetCoachingReviewConsentAsync(bob, true, T0, Cancel);
        await consents.SetCoachingReviewConsentAsync(bob, false, T0.AddMinutes(2), Cancel);
        await consents.SetCoachingReviewConsentAsync(foreignAlice, true, T0, Cancel);

        Assert.True(await consents.GetCoachingReviewConsentAsync(alice, Cancel));
        Assert.False(await consents.GetCoachingReviewConsentAsync(bob, Cancel));
        var listed = Assert.Single(await consents.ListConsentedUsersAsync(A, Cancel));
        Assert.Equal((alice.User, T0, (DateTimeOffset?)null), (listed.UserId, listed.ConsentedAt, listed.LastActivityAt));

        var audit = (await tenants.ListAuditAsync(A, 10, Cancel)).Where(e => e.Actor.Kind == "user").ToList();
        Assert.Equal(
            [("bob", AuditActions.ConsentWithdrawn), ("bob", AuditActions.ConsentGranted), ("alice", AuditActions.ConsentGranted)],
            audit.Select(e => (e.Actor.Id, e.Action)));
    }

    // Databases from before this migration exist only on SQLite.
    [Fact]
    public async Task Tenants_from_before_widget_keys_get_one_when_migrated()
    {
        _db.Start(StorageEngine.Sqlite);
        var dialect = new SqliteDialect(_db.DatabasePath, TimeSpan.FromSeconds(5));
        await using (var connection = new SqliteConnection($"Data Source={_db.DatabasePath}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = string.Concat(dialect.Migrations.Where(m => m.Version <= 3).Select(m => m.Sql)) + """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'a', '2026-10-01T00:00:00Z'), (2, 'b', '2026-10-02T00:00:00Z'), (3, 'c', '2026-10-03T00:00:00Z');
                INSERT INTO tenants VALUES ('old-1', 'Old', '{}', NULL, '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z');
                INSERT INTO tenants VALUES ('old-2', 'Old', '{}', NULL, '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z');
                """;
            await command.ExecuteNonQueryAsync(Cancel);
        }

        SqliteConnection.ClearAllPools();
        var tenants = await new RelationalTenantStore(_db.Open(), TestSecrets.Protector).ListTenantsAsync(Cancel);
        Assert.Equal(2, tenants.Count);
        Assert.All(tenants, t => Assert.Matches("^cbw_[0-9a-f]{48}$", t.WidgetKey));
        Assert.NotEqual(tenants[0].WidgetKey, tenants[1].WidgetKey);
    }
}
