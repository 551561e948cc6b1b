using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>Consent, consent audit entries and the erasure time of users, on the relational database.</summary>
public sealed class RelationalUserErasureStore(RelationalDatabase database) : IUserErasureStore
{
    private ISqlDialect Sql => database.Dialect;

    public async Task EraseAsync(UserKey user, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in new[]
        {
            "DELETE FROM user_consents WHERE tenant_id = @tenant AND user_id = @user",
            "DELETE FROM audit_log WHERE tenant_id = @tenant AND actor_kind = 'user' AND actor_id = @user AND action IN (@granted, @withdrawn)",
            """
            INSERT INTO user_erasures (tenant_id, user_id, erased_at) VALUES (@tenant, @user, @at)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET erased_at = excluded.erased_at
            """,
        })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.AddParameter(Sql, "@tenant", user.Tenant.Value);
            command.AddParameter(Sql, "@user", user.User.Value);
            command.AddParameter(Sql, "@granted", AuditActions.ConsentGranted);
            command.AddParameter(Sql, "@withdrawn", AuditActions.ConsentWithdrawn);
            command.AddParameter(Sql, "@at", at);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetErasedAtAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT erased_at FROM user_erasures WHERE tenant_id = @tenant AND user_id = @user";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is { } at and not DBNull ? Sql.ReadTimestamp(at) : null;
    }

    public async Task<bool> PurgeDeletedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Dialect.PurgeDeletedAsync(connection, cancellationToken);
    }
}
