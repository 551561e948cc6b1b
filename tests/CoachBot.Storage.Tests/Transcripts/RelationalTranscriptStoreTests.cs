using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Transcripts;
using Microsoft.Data.Sqlite;

namespace CoachBot.Storage.Tests.Transcripts;

public sealed class RelationalTranscriptStoreTests : IDisposable
{
    private static readonly UserKey Alice = new(TenantId.Parse("tenant-a"), UserId.Parse("alice"));
    private static readonly UserKey AliceInOtherTenant = new(TenantId.Parse("tenant-b"), UserId.Parse("alice"));
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private RelationalTranscriptStore NewStore() => new(_db.Open());

    /// <summary>A message of <paramref name="user"/> created at a fixed time.</summary>
    internal static TranscriptMessage Message(UserKey user, ConversationId conversation, TurnId turn, MessageRole role, string text, TurnStatus status = TurnStatus.Completed) => new()
    {
        TenantId = user.Tenant,
        UserId = user.User,
        ConversationId = conversation,
        TurnId = turn,
        Role = role,
        Text = text,
        Status = status,
        CreatedAt = T0,
    };

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_turn_is_stored_and_completed_and_survives_reopening(StorageEngine engine)
    {
        _db.Start(engine);
        var conversation = ConversationId.New();
        var turn = TurnId.New();
        var citation = new Citation("backend-developer", "usa", "hard-skills", "Hard skills", "2026.11.1");
        await NewStore().AppendAsync([Message(Alice, conversation, turn, MessageRole.User, "Hi"), Message(Alice, conversation, turn, MessageRole.Assistant, "", TurnStatus.Streaming)], TestContext.Current.CancellationToken);
        await NewStore().CompleteReplyAsync(Alice, turn, new ReplyOutcome("Hello!", TurnStatus.Completed, T0.AddSeconds(2), [citation], "offline-coach-1", null), TestContext.Current.CancellationToken);
        SqliteConnection.ClearAllPools();

        var stored = await NewStore().GetTurnAsync(Alice, turn, TestContext.Current.CancellationToken);

        Assert.Equal(2, stored.Length);
        Assert.Equal(("Hi", MessageRole.User, T0), (stored[0].Text, stored[0].Role, stored[0].CreatedAt));
        var reply = stored[1];
        Assert.Equal(("Hello!", TurnStatus.Completed, "offline-coach-1"), (reply.Text, reply.Status, reply.Model));
        Assert.Equal(T0.AddSeconds(2), reply.CompletedAt);
        Assert.Equal([citation], reply.Citations);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_checkpoint_changes_only_a_streaming_reply_of_the_same_tenant_and_user(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var ct = TestContext.Current.CancellationToken;
        var conversation = ConversationId.New();
        var turn = TurnId.New();
        await store.AppendAsync([Message(Alice, conversation, turn, MessageRole.User, "Hi"), Message(Alice, conversation, turn, MessageRole.Assistant, "", TurnStatus.Streaming)], ct);

        Assert.False(await store.CheckpointReplyAsync(AliceInOtherTenant, turn, "not yours", ct));
        Assert.Empty(await store.ListStreamingTurnsAsync(AliceInOtherTenant, ct));
        Assert.Equal([turn], await store.ListStreamingTurnsAsync(Alice, ct));
        Assert.True(await store.CheckpointReplyAsync(Alice, turn, "Half of the", ct));
        Assert.Equal(("Half of the", TurnStatus.Streaming), ((await store.GetTurnAsync(Alice, turn, ct))[1].Text, (await store.GetTurnAsync(Alice, turn, ct))[1].Status));

        await store.CompleteReplyAsync(Alice, turn, new ReplyOutcome("Half of the answer.", TurnStatus.Completed, T0, [], null, null), ct);
        Assert.False(await store.CheckpointReplyAsync(Alice, turn, "Half", ct));
        Assert.Equal("Half of the answer.", (await store.GetTurnAsync(Alice, turn, ct))[1].Text);
        Assert.Empty(await store.ListStreamingTurnsAsync(Alice, ct));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task The_latest_conversation_is_the_one_of_the_users_newest_message_in_their_own_tenant(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await store.FindLatestConversationAsync(Alice, ct));

        var (older, newer, elsewhere) = (ConversationId.New(), ConversationId.New(), ConversationId.New());
        await store.AppendAsync([Message(Alice, older, TurnId.New(), MessageRole.User, "First")], ct);
        await store.AppendAsync([Message(Alice, newer, TurnId.New(), MessageRole.User, "Second")], ct);
        await store.AppendAsync([Message(AliceInOtherTenant, elsewhere, TurnId.New(), MessageRole.User, "Not yours")], ct);

        Assert.Equal(newer, await store.FindLatestConversationAsync(Alice, ct));
        Assert.Equal(elsewhere, await store.FindLatestConversationAsync(AliceInOtherTenant, ct));
    }

    [Fact]
    public async Task Finding_the_replies_still_streaming_reads_the_users_streaming_rows_not_the_tenants()
    {
        _db.Start(StorageEngine.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var store = NewStore();
        var conversation = ConversationId.New();
        for (var i = 0; i < 20; i++)
        {
            var turn = TurnId.New();
            await store.AppendAsync([Message(Alice, conversation, turn, MessageRole.User, "Hi"), Message(Alice, conversation, turn, MessageRole.Assistant, "Hello", TurnStatus.Completed)], ct);
        }

        var plan = await SqlitePlanAsync(RelationalTranscriptStore.StreamingRepliesSql, Alice, ct);

        Assert.Equal(["SEARCH transcript_messages USING INDEX ix_transcript_streaming (tenant_id=? AND user_id=?)"], plan);
    }

    [Fact]
    public async Task Finding_a_new_users_latest_conversation_reads_the_users_rows_not_the_tenants()
    {
        _db.Start(StorageEngine.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var store = NewStore();
        for (var i = 0; i < 20; i++)
        {
            var other = new UserKey(Alice.Tenant, UserId.Parse($"someone-{i}"));
            var turn = TurnId.New();
            await store.AppendAsync([Message(other, ConversationId.New(), turn, MessageRole.User, "Hi"), Message(other, ConversationId.New(), turn, MessageRole.Assistant, "Hello", TurnStatus.Completed)], ct);
        }

        // Alice has no rows: a walk of the tenant's rows from the newest would read every one of them to find that out.
        // The plan is the same whether or not the database has statistics (CoachBot never gathers them itself).
        foreach (var analyzed in new[] { false, true })
        {
            var plan = await SqlitePlanAsync(RelationalTranscriptStore.LatestConversationSql, Alice, ct, analyzed);

            Assert.Equal("SEARCH transcript_messages USING COVERING INDEX ix_transcript_conversation (tenant_id=? AND user_id=?)", plan[0]);
            Assert.DoesNotContain(plan, step => step.Contains("ix_transcript_tenant_recent", StringComparison.Ordinal));
        }

        Assert.Null(await store.FindLatestConversationAsync(Alice, ct));
    }

    // SQLite's plan for a query of one user's rows; with statistics gathered (ANALYZE) unless told otherwise.
    private async Task<List<string>> SqlitePlanAsync(string sql, UserKey user, CancellationToken ct, bool analyzed = true)
    {
        await using var connection = new SqliteConnection($"Data Source={_db.DatabasePath}");
        await connection.OpenAsync(ct);
        if (analyzed)
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync(ct);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("@tenant", user.Tenant.Value);
        command.Parameters.AddWithValue("@user", user.User.Value);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_second_message_for_the_same_turn_and_role_is_rejected_and_nothing_of_the_batch_is_stored(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var conversation = ConversationId.New();
        var turn = TurnId.New();
        await store.AppendAsync([Message(Alice, conversation, turn, MessageRole.User, "first")], TestContext.Current.CancellationToken);
        var other = TurnId.New();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(
            [Message(Alice, conversation, other, MessageRole.User, "new turn"), Message(Alice, conversation, turn, MessageRole.User, "duplicate")],
            TestContext.Current.CancellationToken));

        Assert.Empty(await store.GetTurnAsync(Alice, other, TestContext.Current.CancellationToken));
        Assert.Equal("first", Assert.Single(await store.GetTurnAsync(Alice, turn, TestContext.Current.CancellationToken)).Text);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Queries_never_cross_tenants_even_for_the_same_user_id_and_turn_id(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var conversation = ConversationId.New();
        var turn = TurnId.New();
        await store.AppendAsync([Message(Alice, conversation, turn, MessageRole.User, "tenant A secret"), Message(Alice, conversation, turn, MessageRole.Assistant, "", TurnStatus.Streaming)], TestContext.Current.CancellationToken);

        Assert.Empty(await store.GetTurnAsync(AliceInOtherTenant, turn, TestContext.Current.CancellationToken));
        Assert.Empty((await store.ListAsync(AliceInOtherTenant, conversation, 10, cancellationToken: TestContext.Current.CancellationToken)).Messages);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.CompleteReplyAsync(AliceInOtherTenant, turn, new ReplyOutcome("overwrite", TurnStatus.Completed, T0, [], null, null), TestContext.Current.CancellationToken));
        Assert.Equal(TurnStatus.Streaming, (await store.GetTurnAsync(Alice, turn, TestContext.Current.CancellationToken))[1].Status);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Listing_pages_backwards_from_the_newest_turn_and_returns_each_page_oldest_first(StorageEngine engine)
    {
        _db.Start(engine);
        var store = NewStore();
        var conversation = ConversationId.New();
        var turns = Enumerable.Range(0, 5).Select(_ => TurnId.New()).ToList();
        foreach (var (turn, i) in turns.Select((t, i) => (t, i)))
        {
            await store.AppendAsync([Message(Alice, conversation, turn, MessageRole.User, $"q{i}"), Message(Alice, conversation, turn, MessageRole.Assistant, $"a{i}")], TestContext.Current.CancellationToken);
        }

        await store.AppendAsync([Message(Alice, ConversationId.New(), TurnId.New(), MessageRole.User, "other conversation")], TestContext.Current.CancellationToken);

        var newest = await store.ListAsync(Alice, conversation, 4, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(newest.HasMore);
        Assert.Equal(["q3", "a3", "q4", "a4"], newest.Messages.Select(m => m.Text));

        var older = await store.ListAsync(Alice, conversation, 10, turns[3], TestContext.Current.CancellationToken);
        Assert.False(older.HasMore);
        Assert.Equal(["q0", "a0", "q1", "a1", "q2", "a2"], older.Messages.Select(m => m.Text));
    }
}
