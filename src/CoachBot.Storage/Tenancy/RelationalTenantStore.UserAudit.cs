using System.Text.Json;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>Audit entries whose subject is one user: written for exports and deletions, listed in the user's export.</summary>
public sealed partial class RelationalTenantStore
{
    public async Task RecordUserAuditAsync(UserKey user, AuditActor actor, string action, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_log (tenant_id, actor_kind, actor_id, action, detail, at, subject_user_id)
            VALUES (@tenant, @kind, @actor, @action, @detail, @at, @subject)
            """;
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@kind", actor.Kind);
        command.AddParameter(Sql, "@actor", actor.Id);
        command.AddParameter(Sql, "@action", action);
        command.AddParameter(Sql, "@detail", new SqlJson(JsonSerializer.Serialize(new { userId = user.User.Value }, Json)));
        command.AddParameter(Sql, "@at", at);
        command.AddParameter(Sql, "@subject", user.User.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAboutUserAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, actor_kind, actor_id, action, detail, at FROM audit_log WHERE tenant_id = @tenant AND subject_user_id = @subject ORDER BY id";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@subject", user.User.Value);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                user.Tenant,
                new AuditActor(reader.GetString(1), reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetTimestamp(Sql, 5)));
        }

        return entries;
    }
}
