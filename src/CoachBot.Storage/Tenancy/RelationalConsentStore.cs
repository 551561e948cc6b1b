using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Consent on the relational database rather than in the user grain: coaches list a tenant's consenting users, a query
/// across users that grains keyed by user cannot answer, and the audit entry shares the change's transaction.
/// </summary>
public sealed class RelationalConsentStore(RelationalDatabase database) : IConsentStore
{
    private ISqlDialect Sql => database.Dialect;

    public async Task<bool> GetCoachingReviewConsentAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coaching_review FROM user_consents WHERE tenant_id = @tenant AND user_id = @user";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull && Sql.ReadBoolean(value);
    }

    public async Task SetCoachingReviewConsentAsync(UserKey user, bool granted, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // Writes only when the answer changes, so the audit log records changes, not repeated clicks.
            command.CommandText = """
                INSERT INTO user_consents (tenant_id, user_id, coaching_review, changed_at) VALUES (@tenant, @user, @granted, @at)
                ON CONFLICT (tenant_id, user_id) DO UPDATE SET coaching_review = excluded.coaching_review, changed_at = excluded.changed_at
                WHERE user_consents.coaching_review <> excluded.coaching_review
                """;
            command.AddParameter(Sql, "@tenant", user.Tenant.Value);
            command.AddParameter(Sql, "@user", user.User.Value);
            command.AddParameter(Sql, "@granted", granted);
            command.AddParameter(Sql, "@at", at);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        await RelationalTenantStore.AuditAsync(
            Sql, transaction, user.Tenant, AuditActor.User(user.User), granted ? AuditActions.ConsentGranted : AuditActions.ConsentWithdrawn,
            new { scope = "coachingReview" }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConsentedUser>> ListConsentedUsersAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.user_id, c.changed_at,
                   (SELECT MAX(t.created_at) FROM transcript_messages t WHERE t.tenant_id = c.tenant_id AND t.user_id = c.user_id)
            FROM user_consents c
            WHERE c.tenant_id = @tenant AND c.coaching_review = @granted
            ORDER BY c.user_id
            """;
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@granted", true);
        var users = new List<ConsentedUser>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new ConsentedUser(
                UserId.Parse(reader.GetString(0)),
                reader.GetTimestamp(Sql, 1),
                reader.GetNullableTimestamp(Sql, 2)));
        }

        return users;
    }
}
