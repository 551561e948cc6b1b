using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Platform accounts and link codes on the relational database, so every host resolves a Slack or Teams user to the
/// same CoachBot user and a code works once across the cluster. Codes are stored as hashes only.
/// </summary>
public sealed class RelationalChannelIdentityStore(RelationalDatabase database) : IChannelIdentityStore
{
    private ISqlDialect Sql => database.Dialect;

    // No 0/O or 1/I/L, so a code read off a screen and typed again is not mistaken.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 8;
    private const string IdentityColumns = "channel, workspace_id, external_user_id, own_user_id, linked_user_id, created_at, linked_at";

    public async Task<ChannelIdentity> GetOrCreateAsync(TenantId tenant, ChannelAccount account, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var identity = await EnsureAsync(transaction, tenant, account, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return identity;
    }

    public async Task<string> CreateLinkCodeAsync(UserKey user, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM channel_link_codes WHERE expires_at < @now;
            INSERT INTO channel_link_codes (tenant_id, code_hash, user_id, expires_at) VALUES (@tenant, @hash, @user, @expires);
            """;
        command.AddParameter(Sql, "@now", now);
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@hash", HashCode(code));
        command.AddParameter(Sql, "@user", user.User.Value);
        command.AddParameter(Sql, "@expires", expiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return code;
    }

    public async Task<UserKey?> LinkAsync(TenantId tenant, ChannelAccount account, string code, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeCode(code);
        if (normalized is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        UserId target;
        await using (var consume = connection.CreateCommand())
        {
            // Deleting the row is what uses the code up: of two hosts racing with it, one deletes it and the other finds nothing.
            consume.Transaction = transaction;
            consume.CommandText = "DELETE FROM channel_link_codes WHERE tenant_id = @tenant AND code_hash = @hash AND expires_at > @now RETURNING user_id";
            consume.AddParameter(Sql, "@tenant", tenant.Value);
            consume.AddParameter(Sql, "@hash", HashCode(normalized));
            consume.AddParameter(Sql, "@now", at);
            if (await consume.ExecuteScalarAsync(cancellationToken) is not string user || !UserId.TryParse(user, out target))
            {
                return null;
            }
        }

        var identity = await EnsureAsync(transaction, tenant, account, at, cancellationToken);
        await using (var link = connection.CreateCommand())
        {
            link.Transaction = transaction;
            link.CommandText = """
                UPDATE channel_identities SET linked_user_id = @user, linked_at = @at
                WHERE tenant_id = @tenant AND channel = @channel AND workspace_id = @workspace AND external_user_id = @external
                """;
            AddAccount(link, tenant, account);
            link.AddParameter(Sql, "@user", target.Value);
            link.AddParameter(Sql, "@at", at);
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        await RelationalTenantStore.AuditAsync(
            Sql, transaction, tenant, AuditActor.User(target), AuditActions.ChannelLinked,
            new { channel = account.Channel, workspaceId = account.WorkspaceId, externalUserId = account.ExternalUserId, userId = target.Value, previousUserId = identity.ActsAs.Value },
            at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UserKey(tenant, target);
    }

    public async Task<bool> UnlinkAsync(TenantId tenant, ChannelAccount account, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? linkedUser;
        await using (var unlink = connection.CreateCommand())
        {
            unlink.Transaction = transaction;
            unlink.CommandText = """
                UPDATE channel_identities SET linked_user_id = NULL, linked_at = NULL
                WHERE tenant_id = @tenant AND channel = @channel AND workspace_id = @workspace AND external_user_id = @external
                  AND linked_user_id IS NOT NULL
                RETURNING own_user_id
                """;
            AddAccount(unlink, tenant, account);
            linkedUser = await unlink.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (linkedUser is null)
        {
            return false;
        }

        await RelationalTenantStore.AuditAsync(
            Sql, transaction, tenant, actor, AuditActions.ChannelUnlinked,
            new { channel = account.Channel, workspaceId = account.WorkspaceId, externalUserId = account.ExternalUserId },
            at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ChannelIdentity>> ListLinkedAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {IdentityColumns} FROM channel_identities WHERE tenant_id = @tenant AND linked_user_id = @user ORDER BY linked_at, channel";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        var identities = new List<ChannelIdentity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            identities.Add(ReadIdentity(reader));
        }

        return identities;
    }

    public async Task<int> DeleteUserAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM channel_link_codes WHERE tenant_id = @tenant AND user_id = @user;
            UPDATE channel_identities SET linked_user_id = NULL, linked_at = NULL WHERE tenant_id = @tenant AND linked_user_id = @user;
            DELETE FROM channel_identities WHERE tenant_id = @tenant AND own_user_id = @user;
            """;
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Upper case without spaces or dashes, so "abcd-efgh" and "ABCDEFGH" are the same code; null when it cannot be one.</summary>
    internal static string? NormalizeCode(string? code)
    {
        if (code is null || code.Length > 32)
        {
            return null;
        }

        var builder = new StringBuilder(CodeLength);
        foreach (var c in code)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!CodeAlphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(upper);
        }

        return builder.Length == CodeLength ? builder.ToString() : null;
    }

    private async Task<ChannelIdentity> EnsureAsync(DbTransaction transaction, TenantId tenant, ChannelAccount account, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var insert = transaction.Connection!.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO channel_identities (tenant_id, channel, workspace_id, external_user_id, own_user_id, created_at)
                VALUES (@tenant, @channel, @workspace, @external, @own, @at)
                ON CONFLICT (tenant_id, channel, workspace_id, external_user_id) DO NOTHING
                """;
            AddAccount(insert, tenant, account);
            insert.AddParameter(Sql, "@own", UserId.NewChannelUser().Value);
            insert.AddParameter(Sql, "@at", at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = transaction.Connection!.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"""
            SELECT {IdentityColumns} FROM channel_identities
            WHERE tenant_id = @tenant AND channel = @channel AND workspace_id = @workspace AND external_user_id = @external
            """;
        AddAccount(select, tenant, account);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ReadIdentity(reader)
            : throw new InvalidOperationException("The channel identity was neither inserted nor found.");
    }

    private void AddAccount(DbCommand command, TenantId tenant, ChannelAccount account)
    {
        command.AddParameter(Sql, "@tenant", tenant.Value);
        command.AddParameter(Sql, "@channel", account.Channel);
        command.AddParameter(Sql, "@workspace", account.WorkspaceId);
        command.AddParameter(Sql, "@external", account.ExternalUserId);
    }

    private ChannelIdentity ReadIdentity(DbDataReader reader) => new(
        new ChannelAccount(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
        UserId.Parse(reader.GetString(3)),
        reader.GetNullableString(4) is { } linked ? UserId.Parse(linked) : null,
        reader.GetTimestamp(Sql, 5),
        reader.GetNullableTimestamp(Sql, 6));

    private static string HashCode(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
