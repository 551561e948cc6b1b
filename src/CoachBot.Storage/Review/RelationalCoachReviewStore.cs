using System.Data.Common;
using System.Text.Json;
using CoachBot.Ids;
using CoachBot.Review;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Review;

/// <summary>
/// The coach console's annotations (reviews, approved answers, flags, tags, notes) on the relational database. Every
/// statement names the tenant; conversations are reachable only while their user consents to review, and each change
/// writes its audit entry in the same transaction.
/// </summary>
public sealed partial class RelationalCoachReviewStore(RelationalDatabase database) : ICoachReviewStore, IApprovedAnswerStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ISqlDialect Sql => database.Dialect;

    // A conversation is reachable while its user consents; the condition is shared by every read and write of one.
    private const string Consenting = "EXISTS (SELECT 1 FROM user_consents c WHERE c.tenant_id = @tenant AND c.user_id = @user AND c.coaching_review = @yes)";

    public async Task<bool> IsReviewableAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT 1 FROM transcript_messages
             WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation AND {Consenting}
             LIMIT 1
            """;
        BindConversation(command, conversation);
        return await command.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }

    public async Task<ConversationAnnotations> GetAnnotationsAsync(ConversationKey conversation, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var reviews = new List<TurnReview>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT turn_id, rubric, correction, question, role_id, region_id, approved_answer_id, reviewed_by, reviewed_at
                  FROM coach_reviews WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation
                """;
            BindConversation(command, conversation);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                reviews.Add(new TurnReview(
                    TurnId.From(Guid.Parse(reader.GetString(0))), reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3),
                    reader.GetNullableString(4), reader.GetNullableString(5), reader.GetNullableString(6), reader.GetString(7), reader.GetTimestamp(Sql, 8)));
            }
        }

        var flags = await ReadFlagsAsync(connection, null, conversation, cancellationToken);
        var tags = await ReadTagsAsync(connection, conversation, cancellationToken);
        var notes = new List<CoachNote>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT note_id, text, created_by, created_at FROM coach_notes
                 WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation
                 ORDER BY created_at, note_id
                """;
            BindConversation(command, conversation);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                notes.Add(new CoachNote(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTimestamp(Sql, 3)));
            }
        }

        return new ConversationAnnotations(reviews, tags, flags, notes);
    }

    public async Task SaveReviewAsync(ConversationKey conversation, TurnReview review, ApprovedAnswer? answer, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (answer is not null)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO approved_answers (answer_id, tenant_id, role_id, region_id, question, answer, created_by, created_at)
                VALUES (@id, @tenant, @role, @region, @question, @answer, @by, @at)
                """;
            insert.AddParameter(Sql, "@id", answer.Id);
            insert.AddParameter(Sql, "@tenant", answer.TenantId.Value);
            insert.AddParameter(Sql, "@role", answer.RoleId);
            insert.AddParameter(Sql, "@region", answer.RegionId);
            insert.AddParameter(Sql, "@question", answer.Question);
            insert.AddParameter(Sql, "@answer", answer.Answer);
            insert.AddParameter(Sql, "@by", answer.CreatedBy);
            insert.AddParameter(Sql, "@at", answer.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO coach_reviews (tenant_id, user_id, conversation_id, turn_id, rubric, correction, question, role_id, region_id, approved_answer_id, reviewed_by, reviewed_at)
                VALUES (@tenant, @user, @conversation, @turn, @rubric, @correction, @question, @role, @region, @answer, @by, @at)
                ON CONFLICT (tenant_id, user_id, turn_id) DO UPDATE SET
                    rubric = excluded.rubric, correction = excluded.correction, question = excluded.question, role_id = excluded.role_id,
                    region_id = excluded.region_id, approved_answer_id = excluded.approved_answer_id, reviewed_by = excluded.reviewed_by,
                    reviewed_at = excluded.reviewed_at
                """;
            BindConversation(upsert, conversation);
            upsert.AddParameter(Sql, "@turn", review.TurnId.ToString());
            upsert.AddParameter(Sql, "@rubric", review.Rubric);
            upsert.AddParameter(Sql, "@correction", review.Correction);
            upsert.AddParameter(Sql, "@question", review.Question);
            upsert.AddParameter(Sql, "@role", review.RoleId);
            upsert.AddParameter(Sql, "@region", review.RegionId);
            upsert.AddParameter(Sql, "@answer", review.ApprovedAnswerId);
            upsert.AddParameter(Sql, "@by", review.ReviewedBy);
            upsert.AddParameter(Sql, "@at", review.ReviewedAt);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, conversation.User.Tenant, conversation.User.User, actor, AuditActions.CoachReviewSaved,
            new { userId = conversation.User.User.Value, conversationId = conversation.Conversation.ToString(), turnId = review.TurnId.ToString(), rubric = review.Rubric, approvedAnswerId = review.ApprovedAnswerId },
            review.ReviewedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddFlagAsync(ConversationKey conversation, ConversationFlag flag, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO conversation_flags (flag_id, tenant_id, user_id, conversation_id, turn_id, reason, state, note, created_by, created_at, updated_at)
                VALUES (@id, @tenant, @user, @conversation, @turn, @reason, @state, @note, @by, @at, @at)
                """;
            BindConversation(insert, conversation);
            insert.AddParameter(Sql, "@id", flag.Id);
            insert.AddParameter(Sql, "@turn", flag.TurnId?.ToString());
            insert.AddParameter(Sql, "@reason", flag.Reason);
            insert.AddParameter(Sql, "@state", flag.State);
            insert.AddParameter(Sql, "@note", flag.Note);
            insert.AddParameter(Sql, "@by", flag.CreatedBy);
            insert.AddParameter(Sql, "@at", flag.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, conversation.User.Tenant, conversation.User.User, actor, AuditActions.CoachFlagAdded,
            new { userId = conversation.User.User.Value, conversationId = conversation.Conversation.ToString(), flagId = flag.Id, turnId = flag.TurnId?.ToString() },
            flag.CreatedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ConversationFlag?> UpdateFlagAsync(TenantId tenantId, string flagId, string state, string? note, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE conversation_flags SET state = @state, note = COALESCE(@note, note), updated_at = @at
                 WHERE tenant_id = @tenant AND flag_id = @id
                   AND EXISTS (SELECT 1 FROM user_consents c WHERE c.tenant_id = @tenant AND c.user_id = conversation_flags.user_id AND c.coaching_review = @yes)
                """;
            update.AddParameter(Sql, "@tenant", tenantId.Value);
            update.AddParameter(Sql, "@yes", true);
            update.AddParameter(Sql, "@id", flagId);
            update.AddParameter(Sql, "@state", state);
            update.AddParameter(Sql, "@note", note);
            update.AddParameter(Sql, "@at", at);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return null;
            }
        }

        var flag = (await ReadFlagsAsync(connection, transaction, new FlagLookup(tenantId, flagId), cancellationToken)).Single();
        await AuditAsync(connection, transaction, tenantId, flag.UserId, actor, AuditActions.CoachFlagUpdated,
            new { userId = flag.UserId.Value, conversationId = flag.ConversationId.ToString(), flagId, state }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return flag;
    }

    public async Task SetTagsAsync(ConversationKey conversation, IReadOnlyList<string> tags, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM conversation_tags WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation";
            BindConversation(clear, conversation);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var tag in tags)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO conversation_tags (tenant_id, user_id, conversation_id, tag) VALUES (@tenant, @user, @conversation, @tag)";
            BindConversation(insert, conversation);
            insert.AddParameter(Sql, "@tag", tag);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditAsync(connection, transaction, conversation.User.Tenant, conversation.User.User, actor, AuditActions.CoachTagsSet,
            new { userId = conversation.User.User.Value, conversationId = conversation.Conversation.ToString(), tags }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddNoteAsync(ConversationKey conversation, CoachNote note, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO coach_notes (note_id, tenant_id, user_id, conversation_id, text, created_by, created_at)
                VALUES (@id, @tenant, @user, @conversation, @text, @by, @at)
                """;
            BindConversation(insert, conversation);
            insert.AddParameter(Sql, "@id", note.Id);
            insert.AddParameter(Sql, "@text", note.Text);
            insert.AddParameter(Sql, "@by", note.CreatedBy);
            insert.AddParameter(Sql, "@at", note.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // The note's text stays out of the audit log: the log is for who did what, not a second copy of private notes.
        await AuditAsync(connection, transaction, conversation.User.Tenant, conversation.User.User, actor, AuditActions.CoachNoteAdded,
            new { userId = conversation.User.User.Value, conversationId = conversation.Conversation.ToString(), noteId = note.Id }, note.CreatedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RecordExportAsync(TenantId tenantId, string detailJson, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AuditAsync(connection, transaction, tenantId, null, actor, AuditActions.CoachExported, JsonDocument.Parse(detailJson).RootElement, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(TenantId tenantId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, actor_kind, actor_id, action, detail, at FROM audit_log
             WHERE tenant_id = @tenant AND action LIKE @prefix
             ORDER BY id DESC LIMIT @limit
            """;
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@prefix", AuditActions.CoachPrefix + "%");
        command.AddParameter(Sql, "@limit", limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), tenantId, new AuditActor(reader.GetString(1), reader.GetString(2)), reader.GetString(3), reader.GetString(4), reader.GetTimestamp(Sql, 5)));
        }

        return entries;
    }

    public async Task<bool> DeleteApprovedAnswerAsync(TenantId tenantId, string answerId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM approved_answers WHERE tenant_id = @tenant AND answer_id = @id";
            delete.AddParameter(Sql, "@tenant", tenantId.Value);
            delete.AddParameter(Sql, "@id", answerId);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }

        await AuditAsync(connection, transaction, tenantId, null, actor, AuditActions.CoachApprovedAnswerDeleted, new { approvedAnswerId = answerId }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ApprovedAnswer>> ListApprovedAnswersAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT answer_id, role_id, region_id, question, answer, created_by, created_at FROM approved_answers
             WHERE tenant_id = @tenant ORDER BY created_at DESC, answer_id
            """;
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        var answers = new List<ApprovedAnswer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            answers.Add(new ApprovedAnswer(reader.GetString(0), tenantId, reader.GetNullableString(1), reader.GetNullableString(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetTimestamp(Sql, 6)));
        }

        return answers;
    }

    private void BindConversation(DbCommand command, ConversationKey conversation)
    {
        command.AddParameter(Sql, "@tenant", conversation.User.Tenant.Value);
        command.AddParameter(Sql, "@user", conversation.User.User.Value);
        command.AddParameter(Sql, "@conversation", conversation.Conversation.ToString());
        command.AddParameter(Sql, "@yes", true);
    }

    private async Task AuditAsync(
        DbConnection connection, DbTransaction transaction, TenantId tenantId, UserId? subject, AuditActor actor, string action, object detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO audit_log (tenant_id, actor_kind, actor_id, action, detail, at, subject_user_id)
            VALUES (@tenant, @kind, @actor, @action, @detail, @at, @subject)
            """;
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@kind", actor.Kind);
        command.AddParameter(Sql, "@actor", actor.Id);
        command.AddParameter(Sql, "@action", action);
        command.AddParameter(Sql, "@detail", new SqlJson(JsonSerializer.Serialize(detail, Json)));
        command.AddParameter(Sql, "@at", at);
        command.AddParameter(Sql, "@subject", subject?.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private readonly record struct FlagLookup(TenantId TenantId, string FlagId);

    private async Task<List<ConversationFlag>> ReadFlagsAsync(DbConnection connection, DbTransaction? transaction, object scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        const string Select = "SELECT flag_id, user_id, conversation_id, turn_id, reason, state, note, created_by, created_at, updated_at FROM conversation_flags";
        if (scope is FlagLookup lookup)
        {
            command.CommandText = Select + " WHERE tenant_id = @tenant AND flag_id = @id";
            command.AddParameter(Sql, "@tenant", lookup.TenantId.Value);
            command.AddParameter(Sql, "@id", lookup.FlagId);
        }
        else
        {
            command.CommandText = Select + " WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation ORDER BY created_at, flag_id";
            BindConversation(command, (ConversationKey)scope);
        }

        var flags = new List<ConversationFlag>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            flags.Add(new ConversationFlag(
                reader.GetString(0), UserId.Parse(reader.GetString(1)), ConversationId.From(Guid.Parse(reader.GetString(2))),
                reader.GetNullableString(3) is { } turn ? TurnId.From(Guid.Parse(turn)) : null,
                reader.GetString(4), reader.GetString(5), reader.GetNullableString(6), reader.GetString(7), reader.GetTimestamp(Sql, 8), reader.GetTimestamp(Sql, 9)));
        }

        return flags;
    }

    private async Task<List<string>> ReadTagsAsync(DbConnection connection, ConversationKey conversation, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tag FROM conversation_tags WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation ORDER BY tag";
        BindConversation(command, conversation);
        var tags = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tags.Add(reader.GetString(0));
        }

        return tags;
    }
}
