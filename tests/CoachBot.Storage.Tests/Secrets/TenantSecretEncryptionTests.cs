using System.Text;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Secrets;
using CoachBot.Storage.Tenancy;
using CoachBot.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Storage.Tests.Secrets;

public sealed class TenantSecretEncryptionTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Operator = new("operator", "op-1");

    private const string ModelKey = "sk-model-key-PLAINTEXT-4b1d";
    private const string IdentitySecret = "identity-secret-PLAINTEXT-0123456789abcdef";
    private const string SigningSecret = "8f14e45fceea167a5a36dedd4bea2543";
    private const string BotToken = "xoxb-1111-2222-PLAINTEXTbottoken";
    private const string AppPassword = "teams~app~password~PLAINTEXT";

    private readonly TestDatabase _db = new();
    private readonly KeyRing _keys = new();

    public void Dispose()
    {
        _db.Dispose();
        _keys.Dispose();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private RelationalDatabase Open(ITenantSecretProtector protector) => _db.Open([new EncryptTenantSecretsMigration(protector)]);

    private static Tenant NewTenant(TenantId id) => new(id, "Tenant " + id.Value, new TenantSettings(), false, T0, T0);

    private static TenantSecretChanges AllChannelSecrets => new()
    {
        ModelApiKey = new SecretChange(ModelKey),
        SlackSigningSecret = new SecretChange(SigningSecret),
        SlackBotToken = new SecretChange(BotToken),
        TeamsAppPassword = new SecretChange(AppPassword),
    };

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Every_secret_round_trips_but_the_database_files_never_hold_its_text(StorageEngine engine)
    {
        _db.Start(engine);
        var protector = _keys.Protector();
        var store = new RelationalTenantStore(Open(protector), protector);
        await store.CreateTenantAsync(NewTenant(A), new TenantSecretChanges { ModelApiKey = new SecretChange("sk-first-PLAINTEXT") }, Operator, Cancel);
        await store.UpdateTenantAsync(A, "Tenant A", new TenantSettings(), AllChannelSecrets, T0.AddMinutes(1), Operator, Cancel);
        await store.SetIdentitySecretAsync(A, IdentitySecret, T0.AddMinutes(2), Operator, Cancel);

        Assert.Equal(ModelKey, await store.GetModelApiKeyAsync(A, Cancel));
        Assert.Equal(IdentitySecret, await store.GetIdentitySecretAsync(A, Cancel));
        Assert.Equal(SigningSecret, await store.GetSecretAsync(A, TenantSecretKind.SlackSigningSecret, Cancel));
        Assert.Equal(BotToken, await store.GetSecretAsync(A, TenantSecretKind.SlackBotToken, Cancel));
        Assert.Equal(AppPassword, await store.GetSecretAsync(A, TenantSecretKind.TeamsAppPassword, Cancel));
        var tenant = (await store.GetTenantAsync(A, Cancel))!;
        Assert.True(tenant.HasModelApiKey && tenant.HasIdentitySecret && tenant.HasSlackSigningSecret && tenant.HasSlackBotToken && tenant.HasTeamsAppPassword);

        var row = await ReadSecretColumnsAsync(A);
        Assert.All(row, value => Assert.StartsWith(DataProtectionTenantSecretProtector.Prefix, value, StringComparison.Ordinal));
        Assert.NotEmpty(await _db.FilesHoldingAsync("Tenant A", Cancel));
        foreach (var secret in new[] { "sk-first-PLAINTEXT", ModelKey, IdentitySecret, SigningSecret, BotToken, AppPassword, "PLAINTEXT" })
        {
            Assert.Empty(await _db.FilesHoldingAsync(secret, Cancel));
        }
    }

    [Fact]
    public void A_stored_value_is_bound_to_its_tenant_and_kind()
    {
        var protector = _keys.Protector();
        var stored = protector.Protect(A, TenantSecretKind.ModelApiKey, ModelKey);

        Assert.Equal(ModelKey, protector.Unprotect(A, TenantSecretKind.ModelApiKey, stored));
        Assert.False(protector.IsProtected(B, TenantSecretKind.ModelApiKey, stored));
        Assert.False(protector.IsProtected(A, TenantSecretKind.SlackBotToken, stored));
        Assert.False(protector.IsProtected(A, TenantSecretKind.ModelApiKey, ModelKey));
        Assert.Throws<TenantSecretUnavailableException>(() => protector.Unprotect(B, TenantSecretKind.ModelApiKey, stored));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Plaintext_secrets_of_an_older_database_are_encrypted_by_migration_7_once(StorageEngine engine)
    {
        _db.Start(engine);
        var older = new RelationalDatabase(new OlderSchema(_db.Dialect(), 6), NullLogger<RelationalDatabase>.Instance);
        await using (var connection = await older.OpenAsync(Cancel))
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO tenants (tenant_id, display_name, settings, model_api_key, created_at, updated_at, widget_key, identity_secret) VALUES
                ('tenant-a', 'A', '{"model":{"provider":"offline"}}', 'sk-old-plaintext-key', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', 'cbw_a', 'old-identity-secret-0123456789abcdef'),
                ('tenant-b', 'B', '{"model":{"provider":"openai","modelId":"gpt-4o-mini"}}', NULL, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', 'cbw_b', NULL);
                """;
            await insert.ExecuteNonQueryAsync(Cancel);
        }

        SqliteConnection.ClearAllPools();
        var protector = _keys.Protector();
        var store = new RelationalTenantStore(Open(protector), protector);

        Assert.Equal("sk-old-plaintext-key", await store.GetModelApiKeyAsync(A, Cancel));
        Assert.Equal("old-identity-secret-0123456789abcdef", await store.GetIdentitySecretAsync(A, Cancel));
        Assert.Null(await store.GetModelApiKeyAsync(B, Cancel));
        var encrypted = await ReadSecretColumnsAsync(A);
        Assert.Equal(2, encrypted.Count);
        Assert.All(encrypted, value => Assert.StartsWith(DataProtectionTenantSecretProtector.Prefix, value, StringComparison.Ordinal));
        Assert.All(encrypted, value => Assert.DoesNotContain("plaintext", value, StringComparison.Ordinal));

        // Until this migration the tenant's provider was not used, so the old default keeps meaning the deployment's model.
        Assert.Equal(TenantModelProviders.Platform, (await store.GetTenantAsync(A, Cancel))!.Settings.Model.Provider);
        Assert.Equal(TenantModelProviders.OpenAI, (await store.GetTenantAsync(B, Cancel))!.Settings.Model.Provider);

        // The data step is idempotent: run again, it recognises its own values and leaves them as they are.
        await using (var connection = await _db.Open().OpenAsync(Cancel))
        {
            await using var transaction = await connection.BeginTransactionAsync(Cancel);
            await new EncryptTenantSecretsMigration(protector).ApplyAsync(_db.Dialect(), transaction, Cancel);
            await transaction.CommitAsync(Cancel);
        }

        Assert.Equal(encrypted, await ReadSecretColumnsAsync(A));
        Assert.Equal("sk-old-plaintext-key", await store.GetModelApiKeyAsync(A, Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_different_key_ring_fails_clearly_and_logs_without_the_value(StorageEngine engine)
    {
        _db.Start(engine);
        var writer = _keys.Protector();
        await new RelationalTenantStore(Open(writer), writer).CreateTenantAsync(NewTenant(A), AllChannelSecrets, Operator, Cancel);

        using var otherKeys = new KeyRing();
        var logs = new CapturingLogger<DataProtectionTenantSecretProtector>();
        var reader = otherKeys.Protector(logs);
        var store = new RelationalTenantStore(Open(reader), reader);

        var failure = await Assert.ThrowsAsync<TenantSecretUnavailableException>(() => store.GetModelApiKeyAsync(A, Cancel));
        Assert.Equal(A, failure.TenantId);
        Assert.Equal(TenantSecretKind.ModelApiKey, failure.Kind);
        Assert.DoesNotContain(ModelKey, failure.ToString(), StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("tenant-a", logged.Message, StringComparison.Ordinal);
        Assert.Contains("ModelApiKey", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ModelKey, logged.Message + logged.Exception, StringComparison.Ordinal);

        // What does not need the secret still works: the tenant and its settings are readable.
        Assert.True((await store.GetTenantAsync(A, Cancel))!.HasModelApiKey);
        await Assert.ThrowsAsync<TenantSecretUnavailableException>(() => store.GetSecretAsync(A, TenantSecretKind.SlackBotToken, Cancel));
    }

    private async Task<List<string>> ReadSecretColumnsAsync(TenantId tenant)
    {
        await using var connection = await _db.Open().OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT model_api_key, identity_secret, slack_signing_secret, slack_bot_token, teams_app_password FROM tenants WHERE tenant_id = @tenant";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "tenant";
        parameter.Value = tenant.Value;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        Assert.True(await reader.ReadAsync(Cancel));
        return [.. Enumerable.Range(0, 5).Where(i => !reader.IsDBNull(i)).Select(reader.GetString)];
    }

    /// <summary>The schema as an older CoachBot created it: only the migrations up to <paramref name="version"/>.</summary>
    private sealed class OlderSchema(ISqlDialect inner, int version) : ISqlDialect
    {
        public string Name => inner.Name;

        public string FullTextMatch => inner.FullTextMatch;

        public string? FullTextQuery(string text) => inner.FullTextQuery(text);

        public IReadOnlyList<SchemaMigration> Migrations { get; } = [.. inner.Migrations.Where(m => m.Version <= version)];

        public System.Data.Common.DbConnection CreateConnection() => inner.CreateConnection();

        public Task PrepareConnectionAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
            inner.PrepareConnectionAsync(connection, cancellationToken);

        public string MigrationsTableSql => inner.MigrationsTableSql;

        public Task<IAsyncDisposable> LockMigrationsAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
            inner.LockMigrationsAsync(connection, cancellationToken);

        public void BindParameter(System.Data.Common.DbParameter parameter, object? value) => inner.BindParameter(parameter, value);

        public DateTimeOffset ReadTimestamp(object value) => inner.ReadTimestamp(value);

        public bool ReadBoolean(object value) => inner.ReadBoolean(value);

        public bool IsUniqueViolation(System.Data.Common.DbException exception) => inner.IsUniqueViolation(exception);
    }
}
