using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Tenancy;
using Microsoft.Data.Sqlite;

namespace CoachBot.Storage.Tests.Tenancy;

public sealed class RelationalTenantStoreTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Operator = new("operator", "op-1");
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RelationalTenantStore NewStore() => new(_db.Open(), TestSecrets.Protector);

    private static Tenant NewTenant(TenantId id) => new(id, "Tenant " + id.Value, new TenantSettings { RetentionDays = 30 }, false, T0, T0);

    private static TenantSecretChanges ModelKey(string key) => new() { ModelApiKey = new SecretChange(key) };

    private static ApiKey NewKey(string id, TenantId tenant, ApiKeyKind kind = ApiKeyKind.TenantAdmin) => new(id, tenant, kind, "cbk_admin_abcd", T0, null, null);

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_tenant_is_created_once_and_survives_reopening_with_its_secret_kept_apart(StorageEngine engine)
    {
        _db.Start(engine);
        Assert.True(await NewStore().CreateTenantAsync(NewTenant(A), ModelKey("sk-secret-value"), Operator, Cancel));
        Assert.False(await NewStore().CreateTenantAsync(NewTenant(A), null, Operator, Cancel));

        var tenant = await NewStore().GetTenantAsync(A, Cancel);
        Assert.NotNull(tenant);
        Assert.Equal("Tenant tenant-a", tenant.DisplayName);
        Assert.Equal(30, tenant.Settings.RetentionDays);
        Assert.True(tenant.HasModelApiKey);
        Assert.Equal("sk-secret-value", await NewStore().GetModelApiKeyAsync(A, Cancel));
        Assert.Null(await NewStore().GetTenantAsync(B, Cancel));
        Assert.Single(await NewStore().ListTenantsAsync(Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Updating_keeps_clears_or_sets_the_secret_and_audits_only_what_changed(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(NewTenant(A), ModelKey("sk-first"), Operator, Cancel);
        var admin = new AuditActor("tenant-admin", "key-1");

        var kept = await store.UpdateTenantAsync(A, "Renamed", new TenantSettings { RetentionDays = 30 }, null, T0.AddMinutes(1), admin, Cancel);
        Assert.True(kept!.HasModelApiKey);
        Assert.Equal("sk-first", await store.GetModelApiKeyAsync(A, Cancel));

        var cleared = await store.UpdateTenantAsync(A, "Renamed", new TenantSettings { RetentionDays = 90 }, new TenantSecretChanges { ModelApiKey = SecretChange.Clear }, T0.AddMinutes(2), admin, Cancel);
        Assert.False(cleared!.HasModelApiKey);
        Assert.Null(await store.GetModelApiKeyAsync(A, Cancel));
        Assert.Null(await store.UpdateTenantAsync(B, "Nobody", new TenantSettings(), null, T0, admin, Cancel));

        var audit = await store.ListAuditAsync(A, 10, Cancel);
        Assert.Equal([AuditActions.SettingsChanged, AuditActions.SettingsChanged, AuditActions.TenantCreated], audit.Select(e => e.Action));
        Assert.Equal(admin, audit[0].Actor);
        Assert.Contains("retentionDays", audit[0].Detail, StringComparison.Ordinal);
        Assert.Contains("model.apiKey", audit[0].Detail, StringComparison.Ordinal);
        Assert.Contains("displayName", audit[1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(audit, e => e.Detail.Contains("sk-first", StringComparison.Ordinal));
        Assert.Empty(await store.ListAuditAsync(B, 10, Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Keys_are_found_by_hash_and_revoked_only_within_their_tenant(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(NewTenant(A), null, Operator, Cancel);
        await store.CreateTenantAsync(NewTenant(B), null, Operator, Cancel);
        await store.CreateApiKeyAsync(NewKey("key-a", A), "hash-a", Operator, Cancel);
        await store.CreateApiKeyAsync(NewKey("key-b", B), "hash-b", Operator, Cancel);

        Assert.Equal(A, (await store.FindApiKeyAsync("hash-a", Cancel))!.TenantId);
        Assert.Null(await store.FindApiKeyAsync("hash-unknown", Cancel));
        Assert.Equal(["key-a"], (await store.ListApiKeysAsync(A, Cancel)).Select(k => k.Id));

        Assert.False(await store.RevokeApiKeyAsync(A, "key-b", T0.AddMinutes(1), Operator, Cancel));
        Assert.Null((await store.FindApiKeyAsync("hash-b", Cancel))!.RevokedAt);

        Assert.True(await store.RevokeApiKeyAsync(A, "key-a", T0.AddMinutes(1), Operator, Cancel));
        Assert.True(await store.RevokeApiKeyAsync(A, "key-a", T0.AddMinutes(2), Operator, Cancel));
        Assert.Equal(T0.AddMinutes(1), (await store.FindApiKeyAsync("hash-a", Cancel))!.RevokedAt);
        Assert.Equal(1, (await store.ListAuditAsync(A, 10, Cancel)).Count(e => e.Action == AuditActions.KeyRevoked));
        Assert.DoesNotContain(await store.ListAuditAsync(B, 10, Cancel), e => e.Action == AuditActions.KeyRevoked);
    }

    // Databases from before this migration exist only on SQLite.
    [Fact]
    public async Task A_database_from_before_tenancy_is_migrated_and_keeps_its_rows()
    {
        _db.Start(StorageEngine.Sqlite);
        var dialect = new SqliteDialect(_db.DatabasePath, TimeSpan.FromSeconds(5));
        await using (var connection = new SqliteConnection($"Data Source={_db.DatabasePath}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = string.Concat(dialect.Migrations.Where(m => m.Version <= 2).Select(m => m.Sql)) + """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'grain state and transcripts', '2026-10-01T00:00:00Z'), (2, 'reply metadata', '2026-10-02T00:00:00Z');
                INSERT INTO grain_state VALUES ('user', 'tenant-a/alice', 'etag-1', '{}', '2026-10-01T00:00:00Z');
                """;
            await command.ExecuteNonQueryAsync(Cancel);
        }

        SqliteConnection.ClearAllPools();
        var database = _db.Open();
        Assert.True(await new RelationalTenantStore(database, TestSecrets.Protector).CreateTenantAsync(NewTenant(A), null, Operator, Cancel));
        await using var check = await database.OpenAsync(Cancel);
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM grain_state) || '/' || (SELECT MAX(version) FROM schema_migrations)";
        Assert.Equal("1/" + dialect.Migrations.Max(m => m.Version), await count.ExecuteScalarAsync(Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Last_use_is_recorded_at_most_once_per_granularity(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(NewTenant(A), null, Operator, Cancel);
        await store.CreateApiKeyAsync(NewKey("key-a", A, ApiKeyKind.Service), "hash-a", Operator, Cancel);

        await store.TouchApiKeyAsync("key-a", T0, TimeSpan.FromMinutes(1), Cancel);
        await store.TouchApiKeyAsync("key-a", T0.AddSeconds(30), TimeSpan.FromMinutes(1), Cancel);
        Assert.Equal(T0, (await store.FindApiKeyAsync("hash-a", Cancel))!.LastUsedAt);

        await store.TouchApiKeyAsync("key-a", T0.AddSeconds(61), TimeSpan.FromMinutes(1), Cancel);
        Assert.Equal(T0.AddSeconds(61), (await store.FindApiKeyAsync("hash-a", Cancel))!.LastUsedAt);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task The_audit_log_is_newest_first_and_limited(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        await store.CreateTenantAsync(NewTenant(A), null, Operator, Cancel);
        for (var i = 0; i < 3; i++)
        {
            await store.CreateApiKeyAsync(NewKey("key-" + i, A), "hash-" + i, Operator, Cancel);
        }

        var latest = await store.ListAuditAsync(A, 2, Cancel);
        Assert.Equal(2, latest.Count);
        Assert.Contains("key-2", latest[0].Detail, StringComparison.Ordinal);
        Assert.Contains("key-1", latest[1].Detail, StringComparison.Ordinal);
        Assert.Equal(Operator, latest[0].Actor);
    }
}
