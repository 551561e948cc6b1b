using System.Data.Common;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Tenants' role-content overlays on CoachBot's relational database, one row per tenant and role. The statements are
/// plain SQL that SQLite and PostgreSQL both accept (upsert with ON CONFLICT), so a second dialect needs only its schema.
/// </summary>
public sealed class RelationalRoleOverlayStore(RelationalDatabase database) : IRoleOverlayStore
{
    private ISqlDialect Sql => database.Dialect;

    private const string Columns = "tenant_id, role_id, region_id, markdown, content_version, etag, updated_at, updated_by_kind, updated_by_id";

    public async Task<RoleOverlay?> GetAsync(TenantId tenantId, string roleId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, null, tenantId, roleId, cancellationToken);
    }

    public Task<IReadOnlyList<RoleOverlay>> ListAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        ListWhereAsync("WHERE tenant_id = @tenant", tenantId, cancellationToken);

    public Task<IReadOnlyList<RoleOverlay>> ListAllAsync(CancellationToken cancellationToken = default) =>
        ListWhereAsync("", null, cancellationToken);

    public async Task<IReadOnlyList<RoleOverlayStamp>> ListStampsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant_id, role_id, etag FROM role_overlays ORDER BY tenant_id, role_id";
        var stamps = new List<RoleOverlayStamp>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stamps.Add(new RoleOverlayStamp(TenantId.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2)));
        }

        return stamps;
    }

    public async Task<bool> SetAsync(RoleOverlay overlay, int maxOverlaysPerTenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOverlaysPerTenant);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Writers of one tenant's role pages take turns, so the count below sees every other host's committed page.
        await Sql.LockScopeAsync(transaction, "role-overlays/" + overlay.TenantId.Value, cancellationToken);
        var replaced = await ReadOneAsync(connection, transaction, overlay.TenantId, overlay.RoleId, cancellationToken) is not null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // The cap is checked by the write itself: one statement counts the tenant's rows and inserts (or replaces an
            // existing row), so two writers racing for the last free place cannot both get it. The WHERE also keeps
            // SQLite's parser from reading ON CONFLICT as part of the SELECT.
            command.CommandText = $"""
                INSERT INTO role_overlays ({Columns})
                SELECT @tenant, @role, @region, @markdown, @version, @etag, @at, @kind, @actor
                WHERE EXISTS (SELECT 1 FROM role_overlays WHERE tenant_id = @tenant AND role_id = @role)
                   OR (SELECT COUNT(*) FROM role_overlays WHERE tenant_id = @tenant) < @max
                ON CONFLICT (tenant_id, role_id) DO UPDATE SET region_id = excluded.region_id, markdown = excluded.markdown,
                    content_version = excluded.content_version, etag = excluded.etag, updated_at = excluded.updated_at,
                    updated_by_kind = excluded.updated_by_kind, updated_by_id = excluded.updated_by_id
                """;
            command.AddParameter(Sql, "@tenant", overlay.TenantId.Value);
            command.AddParameter(Sql, "@role", overlay.RoleId);
            command.AddParameter(Sql, "@region", overlay.RegionId);
            command.AddParameter(Sql, "@markdown", overlay.Markdown);
            command.AddParameter(Sql, "@version", overlay.ContentVersion);
            command.AddParameter(Sql, "@etag", overlay.ETag);
            command.AddParameter(Sql, "@at", overlay.UpdatedAt);
            command.AddParameter(Sql, "@kind", overlay.UpdatedBy.Kind);
            command.AddParameter(Sql, "@actor", overlay.UpdatedBy.Id);
            command.AddParameter(Sql, "@max", maxOverlaysPerTenant);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new CoachBotException(
                    ErrorCodes.OverlayLimitReached,
                    $"The tenant already has {maxOverlaysPerTenant} role pages, the most it may have. Remove one, or replace an existing one.");
            }
        }

        await RelationalTenantStore.AuditAsync(
            Sql, transaction,
            overlay.TenantId,
            overlay.UpdatedBy,
            AuditActions.ContentOverlaySet,
            new { roleId = overlay.RoleId, regionId = overlay.RegionId, contentVersion = overlay.ContentVersion, replaced },
            overlay.UpdatedAt,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return replaced;
    }

    public async Task<RoleOverlay?> RemoveAsync(TenantId tenantId, string roleId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await ReadOneAsync(connection, transaction, tenantId, roleId, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM role_overlays WHERE tenant_id = @tenant AND role_id = @role";
            command.AddParameter(Sql, "@tenant", tenantId.Value);
            command.AddParameter(Sql, "@role", roleId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await RelationalTenantStore.AuditAsync(
            Sql, transaction, tenantId, actor, AuditActions.ContentOverlayRemoved, new { roleId, regionId = existing.RegionId, contentVersion = existing.ContentVersion }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return existing;
    }

    private async Task<IReadOnlyList<RoleOverlay>> ListWhereAsync(string where, TenantId? tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The condition is one of two constants, never input.
        command.CommandText = $"SELECT {Columns} FROM role_overlays {where} ORDER BY tenant_id, role_id";
        if (tenantId is { } tenant)
        {
            command.AddParameter(Sql, "@tenant", tenant.Value);
        }

        var overlays = new List<RoleOverlay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            overlays.Add(Read(reader));
        }

        return overlays;
    }

    private async Task<RoleOverlay?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, TenantId tenantId, string roleId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM role_overlays WHERE tenant_id = @tenant AND role_id = @role";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@role", roleId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private RoleOverlay Read(DbDataReader reader) => new(
        TenantId.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetTimestamp(Sql, 6),
        new AuditActor(reader.GetString(7), reader.GetString(8)));
}
