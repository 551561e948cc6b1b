using System.Data.Common;
using System.Globalization;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Review;
using CoachBot.Storage.Relational;

namespace CoachBot.Storage.Review;

/// <summary>Searching conversations and counting activity: queries across the tenant's consenting users.</summary>
public sealed partial class RelationalCoachReviewStore
{
    private const int SnippetLength = 200;

    // Each conversation of a consenting user of the tenant, with its counts; the filters below narrow it.
    private const string ConversationsCte = """
        WITH conv AS (
            SELECT m.user_id, m.conversation_id, MIN(m.id) AS first_id, MAX(m.id) AS last_id,
                   MIN(m.created_at) AS started_at, MAX(m.created_at) AS last_at, COUNT(*) AS messages,
                   SUM(CASE WHEN m.role = 1 AND m.status = 3 THEN 1 ELSE 0 END) AS failed,
                   SUM(CASE WHEN m.role = 1 AND m.status = 2 THEN 1 ELSE 0 END) AS cancelled,
                   MIN(m.feedback_rating) AS rating
              FROM transcript_messages m
              JOIN user_consents c ON c.tenant_id = m.tenant_id AND c.user_id = m.user_id AND c.coaching_review = @yes
             WHERE m.tenant_id = @tenant
             GROUP BY m.user_id, m.conversation_id)
        """;

    // A message of the conversation at hand ("conv") meets a condition.
    private const string AnyMessage = "EXISTS (SELECT 1 FROM transcript_messages m WHERE m.tenant_id = @tenant AND m.user_id = conv.user_id AND m.conversation_id = conv.conversation_id AND ";

    private const string FlagsOfConversation = "FROM conversation_flags g WHERE g.tenant_id = @tenant AND g.user_id = conv.user_id AND g.conversation_id = conv.conversation_id";

    public async Task<ConversationPage> SearchAsync(TenantId tenantId, ConversationFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Limit, 1);
        var text = filter.Text is null ? null : Sql.FullTextQuery(filter.Text) ?? throw new ArgumentException("The search text has no word to search for.", nameof(filter));
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = new List<(UserId User, ConversationId Conversation, string? Channel, DateTimeOffset Started, DateTimeOffset Last, int Messages, int Failed, int Cancelled, string? Rating, long LastId, int Flags, int OpenFlags)>();
        await using (var command = connection.CreateCommand())
        {
            var where = new StringBuilder("WHERE 1 = 1");
            command.AddParameter(Sql, "@tenant", tenantId.Value);
            command.AddParameter(Sql, "@yes", true);
            command.AddParameter(Sql, "@resolved", FlagStates.Resolved);
            if (filter.User is { } user)
            {
                where.Append(" AND conv.user_id = @user");
                command.AddParameter(Sql, "@user", user.Value);
            }

            if (filter.Before is { } before)
            {
                where.Append(" AND conv.last_id < @before");
                command.AddParameter(Sql, "@before", before);
            }

            if (filter.From is { } from)
            {
                where.Append(" AND conv.last_at >= @from");
                command.AddParameter(Sql, "@from", from);
            }

            if (filter.To is { } to)
            {
                where.Append(" AND conv.started_at < @to");
                command.AddParameter(Sql, "@to", to);
            }

            if (filter.Channel is { } channel)
            {
                where.Append(" AND ").Append(AnyMessage).Append("m.channel = @channel)");
                command.AddParameter(Sql, "@channel", channel);
            }

            if (filter.Intent is { } intent)
            {
                where.Append(" AND ").Append(AnyMessage).Append("m.intent = @intent)");
                command.AddParameter(Sql, "@intent", intent);
            }

            if (filter.Rating is { } rating)
            {
                where.Append(" AND ").Append(AnyMessage).Append("m.feedback_rating = @rating)");
                command.AddParameter(Sql, "@rating", RatingText(rating));
            }

            if (filter.Status is { } status)
            {
                where.Append(" AND ").Append(AnyMessage).Append("m.role = 1 AND m.status = @status)");
                command.AddParameter(Sql, "@status", (int)status);
            }

            if (filter.Flagged is { } flagged)
            {
                where.Append(flagged ? " AND EXISTS (SELECT 1 " : " AND NOT EXISTS (SELECT 1 ").Append(FlagsOfConversation).Append(')');
            }

            if (text is not null)
            {
                where.Append(" AND ").Append(AnyMessage).Append(Sql.FullTextMatch).Append(')');
                command.AddParameter(Sql, "@q", text);
            }

            command.CommandText = $"""
                {ConversationsCte}
                SELECT conv.user_id, conv.conversation_id, (SELECT f.channel FROM transcript_messages f WHERE f.id = conv.first_id),
                       conv.started_at, conv.last_at, conv.messages, conv.failed, conv.cancelled, conv.rating, conv.last_id,
                       (SELECT COUNT(*) {FlagsOfConversation}),
                       (SELECT COUNT(*) {FlagsOfConversation} AND g.state <> @resolved)
                  FROM conv
                  {where}
                 ORDER BY conv.last_id DESC
                 LIMIT @limit
                """;
            command.AddParameter(Sql, "@limit", filter.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((UserId.Parse(reader.GetString(0)), ConversationId.From(Guid.Parse(reader.GetString(1))), reader.GetNullableString(2),
                    reader.GetTimestamp(Sql, 3), reader.GetTimestamp(Sql, 4), ReadCount(reader, 5), ReadCount(reader, 6), ReadCount(reader, 7),
                    reader.GetNullableString(8), Convert.ToInt64(reader.GetValue(9), CultureInfo.InvariantCulture), ReadCount(reader, 10), ReadCount(reader, 11)));
            }
        }

        var items = new List<ConversationSummary>();
        foreach (var row in rows.Take(filter.Limit))
        {
            var key = new ConversationKey(new UserKey(tenantId, row.User), row.Conversation);
            items.Add(new ConversationSummary(
                row.User, row.Conversation, row.Channel, row.Started, row.Last, row.Messages,
                await ReadIntentsAsync(connection, key, cancellationToken),
                row.Rating switch { "down" => FeedbackRating.Down, "up" => FeedbackRating.Up, _ => null },
                row.Flags, row.OpenFlags, row.Failed, row.Cancelled,
                await ReadTagsAsync(connection, key, cancellationToken),
                await ReadSnippetAsync(connection, key, text, cancellationToken),
                row.LastId));
        }

        return new ConversationPage(items, rows.Count > filter.Limit ? items[^1].Position : null);
    }

    public async Task<IReadOnlyList<ActivityBucket>> GetActivityAsync(TenantId tenantId, DateTimeOffset from, DateTimeOffset to, int bucketDays, CancellationToken cancellationToken = default)
    {
        if (bucketDays is not (1 or 7))
        {
            throw new ArgumentOutOfRangeException(nameof(bucketDays), bucketDays, "Buckets are a day or a week.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One row per message in the range; counting happens here rather than in SQL, where the engines' date functions differ.
        command.CommandText = """
            SELECT m.user_id, m.conversation_id, m.role, m.status, m.intent, m.feedback_rating, m.created_at,
                   EXISTS (SELECT 1 FROM conversation_flags g WHERE g.tenant_id = m.tenant_id AND g.user_id = m.user_id AND g.conversation_id = m.conversation_id)
              FROM transcript_messages m
              JOIN user_consents c ON c.tenant_id = m.tenant_id AND c.user_id = m.user_id AND c.coaching_review = @yes
             WHERE m.tenant_id = @tenant AND m.created_at >= @from AND m.created_at < @to
            """;
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        command.AddParameter(Sql, "@yes", true);
        command.AddParameter(Sql, "@from", from);
        command.AddParameter(Sql, "@to", to);
        var buckets = new SortedDictionary<DateOnly, ActivityCounter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = DateOnly.FromDateTime(reader.GetTimestamp(Sql, 6).UtcDateTime);
            var start = bucketDays == 1 ? day : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
            if (!buckets.TryGetValue(start, out var counter))
            {
                buckets[start] = counter = new ActivityCounter();
            }

            counter.Add(reader.GetString(0) + "/" + reader.GetString(1), (MessageRole)reader.GetInt32(2), (TurnStatus)reader.GetInt32(3),
                reader.GetNullableString(4), reader.GetNullableString(5), reader.GetBoolean(Sql, 7));
        }

        return [.. buckets.Select(pair => pair.Value.ToBucket(pair.Key))];
    }

    private async Task<IReadOnlyList<string>> ReadIntentsAsync(DbConnection connection, ConversationKey conversation, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT intent FROM transcript_messages
             WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation AND intent IS NOT NULL
             ORDER BY intent
            """;
        BindConversation(command, conversation);
        var intents = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            intents.Add(reader.GetString(0));
        }

        return intents;
    }

    private async Task<string?> ReadSnippetAsync(DbConnection connection, ConversationKey conversation, string? text, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT m.text FROM transcript_messages m
             WHERE m.tenant_id = @tenant AND m.user_id = @user AND m.conversation_id = @conversation
               AND {(text is null ? "m.role = 0" : Sql.FullTextMatch)}
             ORDER BY m.id DESC
             LIMIT 1
            """;
        BindConversation(command, conversation);
        if (text is not null)
        {
            command.AddParameter(Sql, "@q", text);
        }

        return await command.ExecuteScalarAsync(cancellationToken) is string snippet
            ? snippet.Length <= SnippetLength ? snippet : snippet[..SnippetLength] + "…"
            : null;
    }

    private static int ReadCount(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static string RatingText(FeedbackRating rating) => rating == FeedbackRating.Down ? "down" : "up";

    private sealed class ActivityCounter
    {
        private readonly HashSet<string> _conversations = new(StringComparer.Ordinal);
        private readonly HashSet<string> _flagged = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _intents = new(StringComparer.Ordinal);
        private int _turns;
        private int _failed;
        private int _up;
        private int _down;

        public void Add(string conversation, MessageRole role, TurnStatus status, string? intent, string? rating, bool flagged)
        {
            _conversations.Add(conversation);
            if (flagged)
            {
                _flagged.Add(conversation);
            }

            if (role == MessageRole.User)
            {
                _turns++;
                return;
            }

            _failed += status == TurnStatus.Failed ? 1 : 0;
            _up += rating == "up" ? 1 : 0;
            _down += rating == "down" ? 1 : 0;
            if (intent is not null)
            {
                _intents[intent] = _intents.GetValueOrDefault(intent) + 1;
            }
        }

        public ActivityBucket ToBucket(DateOnly start) =>
            new(start, _conversations.Count, _turns, _failed, _flagged.Count, _up, _down, _intents);
    }
}
