using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Tests.Transcripts;
using CoachBot.Storage.Transcripts;

namespace CoachBot.Storage.Tests.Relational;

/// <summary>
/// The transcript search index holds finished messages only: a reply enters it with its outcome, not with each
/// checkpoint while it streams, and leaves it when changed or deleted.
/// </summary>
public sealed class TranscriptSearchIndexTests : IDisposable
{
    private static readonly UserKey Alice = new(TenantId.Parse("tenant-a"), UserId.Parse("alice"));
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static TranscriptMessage Message(ConversationId conversation, TurnId turn, MessageRole role, string text, TurnStatus status) =>
        RelationalTranscriptStoreTests.Message(Alice, conversation, turn, role, text, status);

    /// <summary>A new database on <paramref name="engine"/>, its transcript store, and a turn whose reply is streaming.</summary>
    private async Task<(RelationalDatabase Database, RelationalTranscriptStore Store, TurnId Turn, ConversationId Conversation)> StartTurnAsync(StorageEngine engine, string question)
    {
        _db.Start(engine);
        var database = _db.Open();
        var store = new RelationalTranscriptStore(database);
        var conversation = ConversationId.New();
        var turn = TurnId.New();
        await store.AppendAsync(
            [Message(conversation, turn, MessageRole.User, question, TurnStatus.Completed), Message(conversation, turn, MessageRole.Assistant, "", TurnStatus.Streaming)],
            TestContext.Current.CancellationToken);
        return (database, store, turn, conversation);
    }

    /// <summary>The roles of the messages whose text matches <paramref name="word"/>, through the dialect's own full-text match.</summary>
    private static async Task<List<MessageRole>> MatchingAsync(RelationalDatabase database, string word)
    {
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT m.role FROM transcript_messages m WHERE {database.Dialect.FullTextMatch} ORDER BY m.id";
        command.AddParameter(database.Dialect, "@q", database.Dialect.FullTextQuery(word));
        var roles = new List<MessageRole>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            roles.Add((MessageRole)Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return roles;
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_reply_is_found_by_its_final_words_once_finished_and_never_by_a_checkpoint(StorageEngine engine)
    {
        var (database, store, turn, _) = await StartTurnAsync(engine, "How do I move into kubernetes work?");
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal([MessageRole.User], await MatchingAsync(database, "kubernetes"));

        Assert.True(await store.CheckpointReplyAsync(Alice, turn, "Start with a homelab cluster", ct));
        Assert.Empty(await MatchingAsync(database, "homelab"));

        await store.CompleteReplyAsync(Alice, turn, new ReplyOutcome("Start with a managed cluster and certify later.", TurnStatus.Completed, T0.AddSeconds(9), [], null, null), ct);

        Assert.Equal([MessageRole.Assistant], await MatchingAsync(database, "certify"));
        Assert.Empty(await MatchingAsync(database, "homelab"));
        Assert.Equal([MessageRole.Assistant], await MatchingAsync(database, "cluster"));
        Assert.Equal([MessageRole.User], await MatchingAsync(database, "kubernetes"));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task An_interrupted_reply_is_found_by_what_it_kept_and_deleting_the_user_takes_every_word_out(StorageEngine engine)
    {
        var (database, store, turn, conversation) = await StartTurnAsync(engine, "Salary for a staff engineer?");
        var ct = TestContext.Current.CancellationToken;
        var streaming = TurnId.New();
        Assert.True(await store.CheckpointReplyAsync(Alice, turn, "Staff pay bands vary", ct));
        await store.CompleteReplyAsync(Alice, turn, new ReplyOutcome("Staff pay bands vary", TurnStatus.Failed, T0.AddSeconds(3), [], null, "interrupted"), ct);
        await store.AppendAsync(
            [Message(conversation, streaming, MessageRole.User, "And for a principal?", TurnStatus.Completed), Message(conversation, streaming, MessageRole.Assistant, "", TurnStatus.Streaming)], ct);
        Assert.True(await store.CheckpointReplyAsync(Alice, streaming, "Principal bands reach", ct));

        Assert.Equal([MessageRole.Assistant], await MatchingAsync(database, "bands vary"));
        Assert.Equal([MessageRole.User], await MatchingAsync(database, "principal"));

        await store.DeleteUserAsync(Alice, ct);

        Assert.Empty(await MatchingAsync(database, "salary"));
        Assert.Empty(await MatchingAsync(database, "bands"));
        Assert.Empty(await MatchingAsync(database, "principal"));
    }
}
