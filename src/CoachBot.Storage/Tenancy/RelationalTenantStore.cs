using System.Data.Common;
using System.Text.Json;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Secrets;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Tenants, API keys and the audit log on CoachBot's relational database.
/// A store rather than a tenant grain: this is admin data, read rarely, and it needs queries across tenants that a
/// grain keyed by tenant cannot answer (an operator's list of tenants, finding a key by its hash before the tenant is known).
/// </summary>
/// <remarks>
/// Secrets are encrypted by <see cref="ITenantSecretProtector"/> before they reach the database.
/// </remarks>
public sealed partial class RelationalTenantStore(RelationalDatabase database, ITenantSecretProtector protector) : ITenantStore
{
    private const string TenantColumns = """
        tenant_id, display_name, settings, model_api_key IS NOT NULL, created_at, updated_at, widget_key, identity_secret IS NOT NULL,
        slack_signing_secret IS NOT NULL, slack_bot_token IS NOT NULL, teams_app_password IS NOT NULL
        """;
    private const string KeyColumns = "key_id, tenant_id, kind, hint, created_at, revoked_at, last_used_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ISqlDialect Sql => database.Dialect;

    public async Task<bool> CreateTenantAsync(Tenant tenant, TenantSecretChanges? secrets, AuditActor actor, CancellationToken cancellationToken = default)
    {
        secrets ??= TenantSecretChanges.None;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO tenants (tenant_id, display_name, settings, created_at, updated_at, widget_key)
                VALUES (@tenant, @name, @settings, @created, @updated, @widget)
                """;
            command.AddParameter(Sql, "@widget", tenant.WidgetKey ?? WidgetKeys.NewWidgetKey());
            command.AddParameter(Sql, "@tenant", tenant.Id.Value);
            command.AddParameter(Sql, "@name", tenant.DisplayName);
            command.AddParameter(Sql, "@settings", new SqlJson(JsonSerializer.Serialize(tenant.Settings, Json)));
            command.AddParameter(Sql, "@created", tenant.CreatedAt);
            command.AddParameter(Sql, "@updated", tenant.UpdatedAt);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
            {
                return false;
            }
        }

        await WriteSecretsAsync(transaction, tenant.Id, secrets, cancellationToken);
        await WriteChannelIdsAsync(transaction, tenant.Id, tenant.Settings.Channels, cancellationToken);
        await AuditAsync(Sql, transaction, tenant.Id, actor, AuditActions.TenantCreated, new { displayName = tenant.DisplayName, secrets = SecretNames(secrets) }, tenant.CreatedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<Tenant?> GetTenantAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadTenantAsync(connection, null, tenantId, cancellationToken);
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants ORDER BY tenant_id";
        var tenants = new List<Tenant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(ReadTenant(reader));
        }

        return tenants;
    }

    public async Task<Tenant?> UpdateTenantAsync(
        TenantId tenantId, string displayName, TenantSettings settings, TenantSecretChanges? secrets, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        secrets ??= TenantSecretChanges.None;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await ReadTenantAsync(connection, transaction, tenantId, cancellationToken);
        if (before is null)
        {
            return null;
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE tenants SET display_name = @name, settings = @settings, updated_at = @updated WHERE tenant_id = @tenant";
            command.AddParameter(Sql, "@tenant", tenantId.Value);
            command.AddParameter(Sql, "@name", displayName);
            command.AddParameter(Sql, "@settings", new SqlJson(JsonSerializer.Serialize(settings, Json)));
            command.AddParameter(Sql, "@updated", at);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await WriteSecretsAsync(transaction, tenantId, secrets, cancellationToken);
        await WriteChannelIdsAsync(transaction, tenantId, settings.Channels, cancellationToken);
        var after = (await ReadTenantAsync(connection, transaction, tenantId, cancellationToken))!;
        await AuditAsync(Sql, transaction, tenantId, actor, AuditActions.SettingsChanged, new { changed = ChangedParts(before, after, secrets) }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    public Task<string?> GetModelApiKeyAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        GetSecretAsync(tenantId, TenantSecretKind.ModelApiKey, cancellationToken);

    public async Task<Tenant?> FindTenantByWidgetKeyAsync(string widgetKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants WHERE widget_key = @widget";
        command.AddParameter(Sql, "@widget", widgetKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public Task<bool> SetWidgetKeyAsync(TenantId tenantId, string widgetKey, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default) =>
        SetColumnAsync(tenantId, "widget_key", widgetKey, AuditActions.WidgetKeyRotated, new { widgetKey }, at, actor, cancellationToken);

    // The audit detail says only that the secret changed, never its value.
    public Task<bool> SetIdentitySecretAsync(TenantId tenantId, string identitySecret, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default) =>
        SetColumnAsync(
            tenantId, "identity_secret", protector.Protect(tenantId, TenantSecretKind.IdentitySecret, identitySecret), AuditActions.IdentitySecretRotated, new { }, at, actor, cancellationToken);

    public Task<string?> GetIdentitySecretAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        GetSecretAsync(tenantId, TenantSecretKind.IdentitySecret, cancellationToken);

    public async Task<bool> TryUseIdentityTokenAsync(TenantId tenantId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var sweep = connection.CreateCommand())
        {
            sweep.CommandText = "DELETE FROM identity_token_uses WHERE expires_at < @now";
            sweep.AddParameter(Sql, "@now", now);
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO identity_token_uses (tenant_id, token_id, expires_at) VALUES (@tenant, @token, @expires)";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@token", tokenId);
        command.AddParameter(Sql, "@expires", expiresAt);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public async Task CreateApiKeyAsync(ApiKey key, string keyHash, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO api_keys ({KeyColumns}, key_hash) VALUES (@id, @tenant, @kind, @hint, @created, NULL, NULL, @hash)";
            command.AddParameter(Sql, "@id", key.Id);
            command.AddParameter(Sql, "@tenant", key.TenantId?.Value);
            command.AddParameter(Sql, "@kind", key.Kind.ToString());
            command.AddParameter(Sql, "@hint", key.Hint);
            command.AddParameter(Sql, "@created", key.CreatedAt);
            command.AddParameter(Sql, "@hash", keyHash);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (key.TenantId is { } tenant)
        {
            await AuditAsync(Sql, transaction, tenant, actor, AuditActions.KeyCreated, new { keyId = key.Id, kind = KindName(key.Kind), hint = key.Hint }, key.CreatedAt, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ApiKey?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM api_keys WHERE key_hash = @hash";
        command.AddParameter(Sql, "@hash", keyHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM api_keys WHERE tenant_id = @tenant ORDER BY created_at DESC, key_id";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        var keys = new List<ApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(reader));
        }

        return keys;
    }

    public async Task<bool> RevokeApiKeyAsync(TenantId tenantId, string keyId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = "SELECT revoked_at IS NOT NULL FROM api_keys WHERE tenant_id = @tenant AND key_id = @id";
            find.AddParameter(Sql, "@tenant", tenantId.Value);
            find.AddParameter(Sql, "@id", keyId);
            var revoked = await find.ExecuteScalarAsync(cancellationToken);
            if (revoked is null)
            {
                return false;
            }

            if (Sql.ReadBoolean(revoked))
            {
                // Revoking twice changes nothing and is not audited twice.
                return true;
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE api_keys SET revoked_at = @at WHERE tenant_id = @tenant AND key_id = @id";
            command.AddParameter(Sql, "@tenant", tenantId.Value);
            command.AddParameter(Sql, "@id", keyId);
            command.AddParameter(Sql, "@at", at);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(Sql, transaction, tenantId, actor, AuditActions.KeyRevoked, new { keyId }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task TouchApiKeyAsync(string keyId, DateTimeOffset at, TimeSpan granularity, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The condition makes concurrent requests of one key write at most once per granularity, across hosts too.
        command.CommandText = "UPDATE api_keys SET last_used_at = @at WHERE key_id = @id AND (last_used_at IS NULL OR last_used_at <= @threshold)";
        command.AddParameter(Sql, "@id", keyId);
        command.AddParameter(Sql, "@at", at);
        command.AddParameter(Sql, "@threshold", at - granularity);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(TenantId tenantId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, actor_kind, actor_id, action, detail, at FROM audit_log WHERE tenant_id = @tenant ORDER BY id DESC LIMIT @limit";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@limit", limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                tenantId,
                new AuditActor(reader.GetString(1), reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetTimestamp(Sql, 5)));
        }

        return entries;
    }

    /// <summary>The kind as the API names it (the same words as the role claim).</summary>
    private static string KindName(ApiKeyKind kind) => kind switch
    {
        ApiKeyKind.Operator => "operator",
        ApiKeyKind.TenantAdmin => "tenant-admin",
        _ => "service",
    };

    private static List<string> ChangedParts(Tenant before, Tenant after, TenantSecretChanges secrets)
    {
        var changed = new List<string>();
        void Compare<T>(string name, T left, T right)
        {
            if (JsonSerializer.Serialize(left, Json) != JsonSerializer.Serialize(right, Json))
            {
                changed.Add(name);
            }
        }

        Compare("displayName", before.DisplayName, after.DisplayName);
        Compare("persona", before.Settings.Persona, after.Settings.Persona);
        Compare("model", before.Settings.Model, after.Settings.Model);
        Compare("quotas", before.Settings.Quotas, after.Settings.Quotas);
        Compare("allowedOrigins", before.Settings.AllowedOrigins, after.Settings.AllowedOrigins);
        Compare("retentionDays", before.Settings.RetentionDays, after.Settings.RetentionDays);
        Compare("channels", before.Settings.Channels, after.Settings.Channels);
        Compare("widget", before.Settings.Widget, after.Settings.Widget);
        // Only which secrets were written, never their values.
        changed.AddRange(SecretNames(secrets));
        return changed;
    }

    private async Task<Tenant?> ReadTenantAsync(DbConnection connection, DbTransaction? transaction, TenantId tenantId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {TenantColumns} FROM tenants WHERE tenant_id = @tenant";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    private Tenant ReadTenant(DbDataReader reader) => new(
        TenantId.Parse(reader.GetString(0)),
        reader.GetString(1),
        JsonSerializer.Deserialize<TenantSettings>(reader.GetString(2), Json) ?? new TenantSettings(),
        reader.GetBoolean(Sql, 3),
        reader.GetTimestamp(Sql, 4),
        reader.GetTimestamp(Sql, 5))
    {
        WidgetKey = reader.GetNullableString(6),
        HasIdentitySecret = reader.GetBoolean(Sql, 7),
        HasSlackSigningSecret = reader.GetBoolean(Sql, 8),
        HasSlackBotToken = reader.GetBoolean(Sql, 9),
        HasTeamsAppPassword = reader.GetBoolean(Sql, 10),
    };

    private ApiKey ReadKey(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetNullableString(1) is { } tenant ? TenantId.Parse(tenant) : null,
        Enum.Parse<ApiKeyKind>(reader.GetString(2)),
        reader.GetString(3),
        reader.GetTimestamp(Sql, 4),
        reader.GetNullableTimestamp(Sql, 5),
        reader.GetNullableTimestamp(Sql, 6));

    private async Task<bool> SetColumnAsync(
        TenantId tenantId, string column, string value, string action, object detail, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // The column name is one of two constants above, never input.
            command.CommandText = $"UPDATE tenants SET {column} = @value, updated_at = @at WHERE tenant_id = @tenant";
            command.AddParameter(Sql, "@tenant", tenantId.Value);
            command.AddParameter(Sql, "@value", value);
            command.AddParameter(Sql, "@at", at);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await AuditAsync(Sql, transaction, tenantId, actor, action, detail, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    internal static async Task AuditAsync(ISqlDialect sql, DbTransaction transaction, TenantId tenantId, AuditActor actor, string action, object detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO audit_log (tenant_id, actor_kind, actor_id, action, detail, at) VALUES (@tenant, @kind, @actor, @action, @detail, @at)";
        command.AddParameter(sql, "@tenant", tenantId.Value);
        command.AddParameter(sql, "@kind", actor.Kind);
        command.AddParameter(sql, "@actor", actor.Id);
        command.AddParameter(sql, "@action", action);
        command.AddParameter(sql, "@detail", new SqlJson(JsonSerializer.Serialize(detail, Json)));
        command.AddParameter(sql, "@at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
