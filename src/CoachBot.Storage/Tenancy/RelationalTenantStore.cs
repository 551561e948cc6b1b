using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Tenants, API keys and the audit log on CoachBot's relational database.
/// A store rather than a tenant grain: this is admin data, read rarely, and it needs queries across tenants that a
/// grain keyed by tenant cannot answer (an operator's list of tenants, finding a key by its hash before the tenant is known).
/// </summary>
public sealed partial class RelationalTenantStore(RelationalDatabase database) : ITenantStore
{
    private const string TenantColumns = "tenant_id, display_name, settings, model_api_key IS NOT NULL, created_at, updated_at, widget_key, identity_secret IS NOT NULL";
    private const string KeyColumns = "key_id, tenant_id, kind, hint, created_at, revoked_at, last_used_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> CreateTenantAsync(Tenant tenant, string? modelApiKey, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO tenants (tenant_id, display_name, settings, model_api_key, created_at, updated_at, widget_key)
                VALUES (@tenant, @name, @settings, @secret, @created, @updated, @widget)
                """;
            command.AddParameter("widget", tenant.WidgetKey ?? WidgetKeys.NewWidgetKey());
            command.AddParameter("tenant", tenant.Id.Value);
            command.AddParameter("name", tenant.DisplayName);
            command.AddParameter("settings", JsonSerializer.Serialize(tenant.Settings, Json));
            command.AddParameter("secret", modelApiKey);
            command.AddParameter("created", tenant.CreatedAt);
            command.AddParameter("updated", tenant.UpdatedAt);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
            {
                return false;
            }
        }

        await AuditAsync(transaction, tenant.Id, actor, AuditActions.TenantCreated, new { displayName = tenant.DisplayName }, tenant.CreatedAt, cancellationToken);
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
        TenantId tenantId, string displayName, TenantSettings settings, SecretChange? modelApiKey, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
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
            command.CommandText = modelApiKey is null
                ? "UPDATE tenants SET display_name = @name, settings = @settings, updated_at = @updated WHERE tenant_id = @tenant"
                : "UPDATE tenants SET display_name = @name, settings = @settings, model_api_key = @secret, updated_at = @updated WHERE tenant_id = @tenant";
            command.AddParameter("tenant", tenantId.Value);
            command.AddParameter("name", displayName);
            command.AddParameter("settings", JsonSerializer.Serialize(settings, Json));
            command.AddParameter("updated", at);
            if (modelApiKey is { } secret)
            {
                command.AddParameter("secret", secret.NewValue);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var after = before with { DisplayName = displayName, Settings = settings, HasModelApiKey = modelApiKey is { } change ? change.NewValue is not null : before.HasModelApiKey, UpdatedAt = at };
        await AuditAsync(transaction, tenantId, actor, AuditActions.SettingsChanged, new { changed = ChangedParts(before, after, modelApiKey) }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    public async Task<string?> GetModelApiKeyAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT model_api_key FROM tenants WHERE tenant_id = @tenant";
        command.AddParameter("tenant", tenantId.Value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<Tenant?> FindTenantByWidgetKeyAsync(string widgetKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants WHERE widget_key = @widget";
        command.AddParameter("widget", widgetKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public Task<bool> SetWidgetKeyAsync(TenantId tenantId, string widgetKey, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default) =>
        SetColumnAsync(tenantId, "widget_key", widgetKey, AuditActions.WidgetKeyRotated, new { widgetKey }, at, actor, cancellationToken);

    // The audit detail says only that the secret changed, never its value.
    public Task<bool> SetIdentitySecretAsync(TenantId tenantId, string identitySecret, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default) =>
        SetColumnAsync(tenantId, "identity_secret", identitySecret, AuditActions.IdentitySecretRotated, new { }, at, actor, cancellationToken);

    public async Task<string?> GetIdentitySecretAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT identity_secret FROM tenants WHERE tenant_id = @tenant";
        command.AddParameter("tenant", tenantId.Value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<bool> TryUseIdentityTokenAsync(TenantId tenantId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var sweep = connection.CreateCommand())
        {
            sweep.CommandText = "DELETE FROM identity_token_uses WHERE expires_at < @now";
            sweep.AddParameter("now", now);
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO identity_token_uses (tenant_id, token_id, expires_at) VALUES (@tenant, @token, @expires)";
        command.AddParameter("tenant", tenantId.Value);
        command.AddParameter("token", tokenId);
        command.AddParameter("expires", expiresAt);
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
            command.AddParameter("id", key.Id);
            command.AddParameter("tenant", key.TenantId?.Value);
            command.AddParameter("kind", key.Kind.ToString());
            command.AddParameter("hint", key.Hint);
            command.AddParameter("created", key.CreatedAt);
            command.AddParameter("hash", keyHash);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (key.TenantId is { } tenant)
        {
            await AuditAsync(transaction, tenant, actor, AuditActions.KeyCreated, new { keyId = key.Id, kind = KindName(key.Kind), hint = key.Hint }, key.CreatedAt, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ApiKey?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM api_keys WHERE key_hash = @hash";
        command.AddParameter("hash", keyHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM api_keys WHERE tenant_id = @tenant ORDER BY created_at DESC, key_id";
        command.AddParameter("tenant", tenantId.Value);
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
            find.AddParameter("tenant", tenantId.Value);
            find.AddParameter("id", keyId);
            var revoked = await find.ExecuteScalarAsync(cancellationToken);
            if (revoked is null)
            {
                return false;
            }

            if (Convert.ToInt64(revoked, CultureInfo.InvariantCulture) != 0)
            {
                // Revoking twice changes nothing and is not audited twice.
                return true;
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE api_keys SET revoked_at = @at WHERE tenant_id = @tenant AND key_id = @id";
            command.AddParameter("tenant", tenantId.Value);
            command.AddParameter("id", keyId);
            command.AddParameter("at", at);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(transaction, tenantId, actor, AuditActions.KeyRevoked, new { keyId }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task TouchApiKeyAsync(string keyId, DateTimeOffset at, TimeSpan granularity, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The condition makes concurrent requests of one key write at most once per granularity, across hosts too.
        command.CommandText = "UPDATE api_keys SET last_used_at = @at WHERE key_id = @id AND (last_used_at IS NULL OR last_used_at <= @threshold)";
        command.AddParameter("id", keyId);
        command.AddParameter("at", at);
        command.AddParameter("threshold", at - granularity);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(TenantId tenantId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, actor_kind, actor_id, action, detail, at FROM audit_log WHERE tenant_id = @tenant ORDER BY id DESC LIMIT @limit";
        command.AddParameter("tenant", tenantId.Value);
        command.AddParameter("limit", limit);
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
                DbCommandExtensions.ParseTimestamp(reader.GetString(5))));
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

    private static List<string> ChangedParts(Tenant before, Tenant after, SecretChange? modelApiKey)
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
        Compare("widget", before.Settings.Widget, after.Settings.Widget);
        if (modelApiKey is not null)
        {
            // Only that the key was written, never its value.
            changed.Add("model.apiKey");
        }

        return changed;
    }

    private static async Task<Tenant?> ReadTenantAsync(DbConnection connection, DbTransaction? transaction, TenantId tenantId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {TenantColumns} FROM tenants WHERE tenant_id = @tenant";
        command.AddParameter("tenant", tenantId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    private static Tenant ReadTenant(DbDataReader reader) => new(
        TenantId.Parse(reader.GetString(0)),
        reader.GetString(1),
        JsonSerializer.Deserialize<TenantSettings>(reader.GetString(2), Json) ?? new TenantSettings(),
        reader.GetInt64(3) != 0,
        DbCommandExtensions.ParseTimestamp(reader.GetString(4)),
        DbCommandExtensions.ParseTimestamp(reader.GetString(5)))
    {
        WidgetKey = reader.GetNullableString(6),
        HasIdentitySecret = reader.GetInt64(7) != 0,
    };

    private static ApiKey ReadKey(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetNullableString(1) is { } tenant ? TenantId.Parse(tenant) : null,
        Enum.Parse<ApiKeyKind>(reader.GetString(2)),
        reader.GetString(3),
        DbCommandExtensions.ParseTimestamp(reader.GetString(4)),
        reader.GetNullableString(5) is { } revoked ? DbCommandExtensions.ParseTimestamp(revoked) : null,
        reader.GetNullableString(6) is { } used ? DbCommandExtensions.ParseTimestamp(used) : null);

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
            command.AddParameter("tenant", tenantId.Value);
            command.AddParameter("value", value);
            command.AddParameter("at", at);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await AuditAsync(transaction, tenantId, actor, action, detail, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    internal static async Task AuditAsync(DbTransaction transaction, TenantId tenantId, AuditActor actor, string action, object detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO audit_log (tenant_id, actor_kind, actor_id, action, detail, at) VALUES (@tenant, @kind, @actor, @action, @detail, @at)";
        command.AddParameter("tenant", tenantId.Value);
        command.AddParameter("kind", actor.Kind);
        command.AddParameter("actor", actor.Id);
        command.AddParameter("action", action);
        command.AddParameter("detail", JsonSerializer.Serialize(detail, Json));
        command.AddParameter("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
