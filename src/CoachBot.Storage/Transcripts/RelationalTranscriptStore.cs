using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Storage.GrainState;
using CoachBot.Storage.Relational;

namespace CoachBot.Storage.Transcripts;

/// <summary>The transcript store on CoachBot's relational database. Every statement filters by tenant and user.</summary>
public sealed class RelationalTranscriptStore(RelationalDatabase database) : ITranscriptStore
{
    private static readonly string[] CoachTables = ["coach_reviews", "conversation_flags", "conversation_tags", "coach_notes"];

    private ISqlDialect Sql => database.Dialect;

    private const string Columns = "tenant_id, user_id, conversation_id, turn_id, role, text, status, created_at, completed_at, citations, model, error_code, metadata, channel, author_id, author_name";

    // Feedback lives on the reply's own row, so erasure and retention remove it with the reply.
    private const string ReadColumns = Columns + ", feedback_rating, feedback_comment, feedback_at, profile_snapshot";

    // The role and status are written into the text, not bound, so the planner of either engine can prove the query
    // matches the partial index of streaming replies (ix_transcript_streaming) and reads only those rows.
    internal static readonly string StreamingRepliesSql =
        $"SELECT turn_id FROM transcript_messages WHERE tenant_id = @tenant AND user_id = @user AND role = {(int)MessageRole.Assistant} AND status = {(int)TurnStatus.Streaming} ORDER BY id";

    // Each of the user's conversations with its last message id, the latest first: read from the user's rows of the
    // conversation index (ix_transcript_conversation). Ordered by id alone, the query would let a planner walk the tenant's
    // rows from the newest (ix_transcript_tenant_recent) until one is the user's, which for a new user is all of them.
    internal const string LatestConversationSql =
        "SELECT conversation_id FROM transcript_messages WHERE tenant_id = @tenant AND user_id = @user GROUP BY conversation_id ORDER BY MAX(id) DESC LIMIT 1";

    public Task AppendAsync(IReadOnlyList<TranscriptMessage> messages, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            foreach (var message in messages)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"INSERT INTO transcript_messages ({Columns}) VALUES (@tenant, @user, @conversation, @turn, @role, @text, @status, @created, @completed, @citations, @model, @error, @metadata, @channel, @author, @author_name)";
                command.AddParameter(Sql, "@tenant", message.TenantId.Value);
                command.AddParameter(Sql, "@user", message.UserId.Value);
                command.AddParameter(Sql, "@conversation", message.ConversationId.ToString());
                command.AddParameter(Sql, "@turn", message.TurnId.ToString());
                command.AddParameter(Sql, "@role", (int)message.Role);
                command.AddParameter(Sql, "@text", message.Text);
                command.AddParameter(Sql, "@status", (int)message.Status);
                command.AddParameter(Sql, "@created", message.CreatedAt);
                command.AddParameter(Sql, "@completed", message.CompletedAt);
                command.AddParameter(Sql, "@citations", SerializeCitations(message.Citations));
                command.AddParameter(Sql, "@model", message.Model);
                command.AddParameter(Sql, "@error", message.ErrorCode);
                command.AddParameter(Sql, "@metadata", SerializeMetadata(message.Metadata));
                command.AddParameter(Sql, "@channel", message.Channel);
                command.AddParameter(Sql, "@author", message.AuthorId);
                command.AddParameter(Sql, "@author_name", message.AuthorName);
                try
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
                {
                    throw new InvalidOperationException($"Turn {message.TurnId} already has a {message.Role} message.", ex);
                }
            }

            return true;
        }, cancellationToken);

    public Task<bool> CheckpointReplyAsync(UserKey user, TurnId turnId, string partialText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partialText);
        // Goes with the next commit (a turn's start or outcome, another reply's checkpoint) instead of a sync of its own.
        return database.WriteDeferredAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE transcript_messages
                   SET text = @text
                 WHERE tenant_id = @tenant AND user_id = @user AND turn_id = @turn AND role = @role AND status = @streaming
                """;
            command.AddParameter(Sql, "@tenant", user.Tenant.Value);
            command.AddParameter(Sql, "@user", user.User.Value);
            command.AddParameter(Sql, "@turn", turnId.ToString());
            command.AddParameter(Sql, "@role", (int)MessageRole.Assistant);
            command.AddParameter(Sql, "@streaming", (int)TurnStatus.Streaming);
            command.AddParameter(Sql, "@text", partialText);
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);
    }

    public async Task<ImmutableArray<TurnId>> ListStreamingTurnsAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = StreamingRepliesSql;
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        var turns = ImmutableArray.CreateBuilder<TurnId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (TurnId.TryParse(reader.GetString(0), out var turnId))
            {
                turns.Add(turnId);
            }
        }

        return turns.ToImmutable();
    }

    public async Task<ConversationId?> FindLatestConversationAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = LatestConversationSql;
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is string stored && ConversationId.TryParse(stored, out var conversation) ? conversation : null;
    }

    public Task CompleteReplyAsync(UserKey user, TurnId turnId, ReplyOutcome outcome, CancellationToken cancellationToken = default)
    {
        // Serialized before the write queues, so the single writer spends its time on the database only.
        var citations = SerializeCitations(outcome.Citations);
        var metadata = SerializeMetadata(outcome.Metadata);
        var profile = outcome.ProfileSnapshot is null ? (SqlJson?)null : new SqlJson(JsonSerializer.Serialize(outcome.ProfileSnapshot, GrainStateJson.Options));
        return database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE transcript_messages
                   SET text = @text, status = @status, completed_at = @completed, citations = @citations, model = @model, error_code = @error, metadata = @metadata,
                       intent = @intent, profile_snapshot = @profile
                 WHERE tenant_id = @tenant AND user_id = @user AND turn_id = @turn AND role = @role
                """;
            command.AddParameter(Sql, "@tenant", user.Tenant.Value);
            command.AddParameter(Sql, "@user", user.User.Value);
            command.AddParameter(Sql, "@turn", turnId.ToString());
            command.AddParameter(Sql, "@role", (int)MessageRole.Assistant);
            command.AddParameter(Sql, "@text", outcome.Text);
            command.AddParameter(Sql, "@status", (int)outcome.Status);
            command.AddParameter(Sql, "@completed", outcome.CompletedAt);
            command.AddParameter(Sql, "@citations", citations);
            command.AddParameter(Sql, "@model", outcome.Model);
            command.AddParameter(Sql, "@error", outcome.ErrorCode);
            command.AddParameter(Sql, "@metadata", metadata);
            command.AddParameter(Sql, "@intent", outcome.Metadata?.Intent);
            command.AddParameter(Sql, "@profile", profile);
            if (await command.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new InvalidOperationException($"Turn {turnId} has no reply row to complete.");
            }

            return true;
        }, cancellationToken);
    }

    public async Task<bool> SetFeedbackAsync(UserKey user, TurnId turnId, TurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE transcript_messages
               SET feedback_rating = @rating, feedback_comment = @comment, feedback_at = @at
             WHERE tenant_id = @tenant AND user_id = @user AND turn_id = @turn AND role = @role AND status <> @streaming
            """;
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        command.AddParameter(Sql, "@turn", turnId.ToString());
        command.AddParameter(Sql, "@role", (int)MessageRole.Assistant);
        command.AddParameter(Sql, "@streaming", (int)TurnStatus.Streaming);
        command.AddParameter(Sql, "@rating", RatingText(feedback.Rating));
        command.AddParameter(Sql, "@comment", feedback.Comment);
        command.AddParameter(Sql, "@at", feedback.SubmittedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ConversationHistory> ListAsync(UserKey user, ConversationId conversation, int limit, TurnId? beforeTurn = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Rows are numbered in the order they were stored; newest first, one extra row tells "has more".
        command.CommandText = $"""
            SELECT {ReadColumns} FROM transcript_messages
             WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation
               {(beforeTurn is null ? "" : "AND id < (SELECT MIN(id) FROM transcript_messages WHERE tenant_id = @tenant AND user_id = @user AND turn_id = @before)")}
             ORDER BY id DESC
             LIMIT @limit
            """;
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        command.AddParameter(Sql, "@conversation", conversation.ToString());
        if (beforeTurn is { } before)
        {
            command.AddParameter(Sql, "@before", before.ToString());
        }

        command.AddParameter(Sql, "@limit", limit + 1);
        var rows = await ReadAllAsync(command, cancellationToken);
        var hasMore = rows.Count > limit;
        var page = rows.Take(limit).Reverse().ToImmutableArray();
        return new ConversationHistory(conversation, page, hasMore);
    }

    public async Task<ImmutableArray<TranscriptMessage>> GetTurnAsync(UserKey user, TurnId turnId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReadColumns} FROM transcript_messages WHERE tenant_id = @tenant AND user_id = @user AND turn_id = @turn ORDER BY role";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        command.AddParameter(Sql, "@turn", turnId.ToString());
        return [.. await ReadAllAsync(command, cancellationToken)];
    }

    public async Task<ImmutableArray<TranscriptMessage>> ListAllAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReadColumns} FROM transcript_messages WHERE tenant_id = @tenant AND user_id = @user ORDER BY id";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        return [.. await ReadAllAsync(command, cancellationToken)];
    }

    public async Task<int> DeleteUserAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // What coaches wrote about the user's conversations goes with them; approved answers are the tenant's, not the user's.
        foreach (var table in CoachTables)
        {
            await DeleteRowsAsync(connection, transaction, table, user, cancellationToken);
        }

        var deleted = await DeleteRowsAsync(connection, transaction, "transcript_messages", user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task<int> DeleteRowsAsync(DbConnection connection, DbTransaction transaction, string table, UserKey user, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {table} WHERE tenant_id = @tenant AND user_id = @user";
        command.AddParameter(Sql, "@tenant", user.Tenant.Value);
        command.AddParameter(Sql, "@user", user.User.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ImmutableArray<UserId>> ListUsersWithMessagesBeforeAsync(TenantId tenantId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT user_id FROM transcript_messages WHERE tenant_id = @tenant AND created_at < @cutoff ORDER BY user_id";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@cutoff", cutoff);
        var users = ImmutableArray.CreateBuilder<UserId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(UserId.Parse(reader.GetString(0)));
        }

        return users.ToImmutable();
    }

    public async Task<int> DeleteOlderThanAsync(TenantId tenantId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM transcript_messages WHERE tenant_id = @tenant AND created_at < @cutoff";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@cutoff", cutoff);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<TranscriptMessage>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<TranscriptMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TranscriptMessage
            {
                TenantId = TenantId.Parse(reader.GetString(0)),
                UserId = UserId.Parse(reader.GetString(1)),
                ConversationId = ConversationId.From(Guid.Parse(reader.GetString(2))),
                TurnId = TurnId.From(Guid.Parse(reader.GetString(3))),
                Role = (MessageRole)reader.GetInt32(4),
                Text = reader.GetString(5),
                Status = (TurnStatus)reader.GetInt32(6),
                CreatedAt = reader.GetTimestamp(Sql, 7),
                CompletedAt = reader.GetNullableTimestamp(Sql, 8),
                Citations = DeserializeCitations(reader.GetNullableString(9)),
                Model = reader.GetNullableString(10),
                ErrorCode = reader.GetNullableString(11),
                Metadata = reader.GetNullableString(12) is { } metadata ? JsonSerializer.Deserialize<ReplyMetadata>(metadata, GrainStateJson.Options) : null,
                Channel = reader.GetNullableString(13),
                AuthorId = reader.GetNullableString(14),
                AuthorName = reader.GetNullableString(15),
                Feedback = ReadFeedback(reader),
                ProfileSnapshot = reader.GetNullableString(19) is { } profile ? JsonSerializer.Deserialize<CareerProfile>(profile, GrainStateJson.Options) : null,
            });
        }

        return rows;
    }

    private TurnFeedback? ReadFeedback(DbDataReader reader) =>
        reader.GetNullableString(16) is { } rating && reader.GetNullableTimestamp(Sql, 18) is { } at
            ? new TurnFeedback(rating == RatingText(FeedbackRating.Down) ? FeedbackRating.Down : FeedbackRating.Up, reader.GetNullableString(17), at)
            : null;

    // Stored as words, not enum numbers, so the column reads plainly in the database.
    private static string RatingText(FeedbackRating rating) => rating == FeedbackRating.Down ? "down" : "up";

    private static SqlJson? SerializeCitations(ImmutableArray<Citation> citations) =>
        citations.IsDefaultOrEmpty ? null : new SqlJson(JsonSerializer.Serialize(citations, GrainStateJson.Options));

    private static SqlJson? SerializeMetadata(ReplyMetadata? metadata) =>
        metadata is null ? null : new SqlJson(JsonSerializer.Serialize(metadata, GrainStateJson.Options));

    private static ImmutableArray<Citation> DeserializeCitations(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<ImmutableArray<Citation>>(json, GrainStateJson.Options);
}
