using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Transcripts;
using Microsoft.Data.Sqlite;

namespace CoachBot.Storage.Tests.Transcripts;

/// <summary>Feedback on replies: stored on the reply's own row, scoped by tenant and user, gone with the row.</summary>
public sealed class TranscriptFeedbackTests : IDisposable
{
    private static readonly UserKey Alice = new(TenantId.Parse("tenant-a"), UserId.Parse("alice"));
    private static readonly UserKey Bob = new(TenantId.Parse("tenant-a"), UserId.Parse("bob"));
    private static readonly UserKey AliceInOtherTenant = new(TenantId.Parse("tenant-b"), UserId.Parse("alice"));
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Feedback_on_an_ended_reply_is_stored_replaced_and_read_back_everywhere(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTranscriptStore(_db.Open());
        var conversation = ConversationId.New();
        var turn = await AppendTurnAsync(store, Alice, conversation, TurnStatus.Completed);

        Assert.True(await store.SetFeedbackAsync(Alice, turn, new TurnFeedback(FeedbackRating.Down, "Too vague", T0), Cancel));
        Assert.True(await store.SetFeedbackAsync(Alice, turn, new TurnFeedback(FeedbackRating.Up, null, T0.AddMinutes(1)), Cancel));

        // Read through a new database object, as after a restart.
        var reopened = new RelationalTranscriptStore(_db.Open());
        var expected = new TurnFeedback(FeedbackRating.Up, null, T0.AddMinutes(1));
        var stored = await reopened.GetTurnAsync(Alice, turn, Cancel);
        Assert.Null(Assert.Single(stored, m => m.Role == MessageRole.User).Feedback);
        Assert.Equal(expected, Assert.Single(stored, m => m.Role == MessageRole.Assistant).Feedback);
        Assert.Equal(expected, (await reopened.ListAsync(Alice, conversation, 10, cancellationToken: Cancel)).Messages.Single(m => m.Role == MessageRole.Assistant).Feedback);
        Assert.Equal(expected, (await reopened.ListAllAsync(Alice, Cancel)).Single(m => m.Role == MessageRole.Assistant).Feedback);
    }

    public static TheoryData<StorageEngine, TurnStatus> EnginesAndEndings() =>
        [.. new StorageEngines().SelectMany(engine => new[] { TurnStatus.Cancelled, TurnStatus.Failed }.Select(status => (engine.Data, status)))];

    [Theory, MemberData(nameof(EnginesAndEndings))]
    public async Task Cancelled_and_failed_replies_take_feedback(StorageEngine engine, TurnStatus status)
    {
        _db.Start(engine);
        var store = new RelationalTranscriptStore(_db.Open());
        var turn = await AppendTurnAsync(store, Alice, ConversationId.New(), status);

        Assert.True(await store.SetFeedbackAsync(Alice, turn, new TurnFeedback(FeedbackRating.Down, "Stopped early", T0), Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_reply_still_streaming_and_other_users_or_tenants_turns_take_no_feedback(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTranscriptStore(_db.Open());
        var streaming = await AppendTurnAsync(store, Alice, ConversationId.New(), TurnStatus.Streaming);
        var bobs = await AppendTurnAsync(store, Bob, ConversationId.New(), TurnStatus.Completed);
        var otherTenants = await AppendTurnAsync(store, AliceInOtherTenant, ConversationId.New(), TurnStatus.Completed);
        var feedback = new TurnFeedback(FeedbackRating.Down, "Not mine", T0);

        Assert.False(await store.SetFeedbackAsync(Alice, streaming, feedback, Cancel));
        Assert.False(await store.SetFeedbackAsync(Alice, bobs, feedback, Cancel));
        Assert.False(await store.SetFeedbackAsync(Alice, otherTenants, feedback, Cancel));
        Assert.False(await store.SetFeedbackAsync(Alice, TurnId.New(), feedback, Cancel));

        Assert.All(await store.ListAllAsync(Alice, Cancel), m => Assert.Null(m.Feedback));
        Assert.All(await store.ListAllAsync(Bob, Cancel), m => Assert.Null(m.Feedback));
        Assert.All(await store.ListAllAsync(AliceInOtherTenant, Cancel), m => Assert.Null(m.Feedback));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Erasure_and_retention_take_the_feedback_with_the_reply(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTranscriptStore(_db.Open());
        var turn = await AppendTurnAsync(store, Alice, ConversationId.New(), TurnStatus.Completed);
        Assert.True(await store.SetFeedbackAsync(Alice, turn, new TurnFeedback(FeedbackRating.Down, "private words", T0), Cancel));

        Assert.Equal(2, await store.DeleteUserAsync(Alice, Cancel));

        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM transcript_messages WHERE feedback_rating IS NOT NULL OR feedback_comment IS NOT NULL"));
        Assert.False(await store.SetFeedbackAsync(Alice, turn, new TurnFeedback(FeedbackRating.Up, null, T0), Cancel));
    }

    // Databases from before this migration exist only on SQLite.
    [Fact]
    public async Task A_database_from_before_feedback_is_migrated_and_its_replies_read_without_feedback()
    {
        _db.Start(StorageEngine.Sqlite);
        var dialect = new SqliteDialect(_db.DatabasePath, TimeSpan.FromSeconds(5));
        var turn = TurnId.New();
        await using (var connection = new SqliteConnection($"Data Source={_db.DatabasePath}"))
        {
            await connection.OpenAsync(Cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = string.Concat(dialect.Migrations.Where(m => m.Version <= 6).Select(m => m.Sql)) + $"""
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations (version, description, applied_at)
                    SELECT column1, 'before feedback', '2026-10-01T00:00:00Z' FROM (VALUES (1), (2), (3), (4), (5), (6));
                INSERT INTO transcript_messages (tenant_id, user_id, conversation_id, turn_id, role, text, status, created_at)
                    VALUES ('tenant-a', 'alice', '{Guid.NewGuid()}', '{turn}', 1, 'An older reply', 1, '2026-10-01T00:00:00.0000000Z');
                """;
            await command.ExecuteNonQueryAsync(Cancel);
        }

        SqliteConnection.ClearAllPools();
        var store = new RelationalTranscriptStore(_db.Open());
        var reply = Assert.Single(await store.ListAllAsync(Alice, Cancel));
        Assert.Equal(("An older reply", null), (reply.Text, reply.Feedback));
        Assert.True(await store.SetFeedbackAsync(Alice, turn, new TurnFeedback(FeedbackRating.Up, "Still useful", T0), Cancel));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _db.Open().OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Cancel))!;
    }

    private static async Task<TurnId> AppendTurnAsync(RelationalTranscriptStore store, UserKey user, ConversationId conversation, TurnStatus replyStatus)
    {
        var turn = TurnId.New();
        TranscriptMessage Message(MessageRole role, TurnStatus status) => new()
        {
            TenantId = user.Tenant,
            UserId = user.User,
            ConversationId = conversation,
            TurnId = turn,
            Role = role,
            Text = role.ToString(),
            Status = status,
            CreatedAt = T0,
        };
        await store.AppendAsync([Message(MessageRole.User, TurnStatus.Completed), Message(MessageRole.Assistant, replyStatus)], Cancel);
        return turn;
    }
}
