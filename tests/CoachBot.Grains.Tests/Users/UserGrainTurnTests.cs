using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Ids;
using CoachBot.Storage;

namespace CoachBot.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTurnTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_turn_streams_its_reply_and_stores_both_messages_with_citations()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);

        var started = await grain.StartTurnAsync("  How do I grow?  ");
        var (text, end, chunks) = await grain.ReadToEndAsync(started.TurnId);

        Assert.Equal("Reply to: How do I grow?", text);
        Assert.Equal(TurnStatus.Completed, end.Status);
        Assert.Equal(text.Length, end.Length);
        Assert.Equal([ScriptedCoachingEngine.SampleCitation], end.Citations);
        Assert.True(chunks.Count >= 2);
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Delta.Length, pair.Second.Offset));

        var stored = await fixture.Transcripts.GetTurnAsync(user, started.TurnId, TestContext.Current.CancellationToken);
        Assert.Collection(
            stored,
            question => Assert.Equal((MessageRole.User, "How do I grow?", TurnStatus.Completed), (question.Role, question.Text, question.Status)),
            reply =>
            {
                Assert.Equal((MessageRole.Assistant, text, TurnStatus.Completed, "scripted"), (reply.Role, reply.Text, reply.Status, reply.Model));
                Assert.Equal([ScriptedCoachingEngine.SampleCitation], reply.Citations);
                Assert.NotNull(reply.CompletedAt);
            });
    }

    [Fact]
    public async Task The_user_message_is_stored_before_the_model_is_called()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var question = "Stored first? " + Guid.NewGuid().ToString("N");

        var started = await grain.StartTurnAsync(question);
        await grain.ReadToEndAsync(started.TurnId);

        var call = Assert.Single(ScriptedCoachingEngine.Calls, c => c.Question == question);
        var userMessage = Assert.Single(call.StoredAtCall, m => m.Role == MessageRole.User);
        Assert.Equal(question, userMessage.Text);
        Assert.Contains(call.StoredAtCall, m => m.Role == MessageRole.Assistant && m.Status == TurnStatus.Streaming);
    }

    [Fact]
    public async Task Turns_are_kept_in_order_and_the_history_alternates_question_and_reply()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var turnIds = new List<TurnId>();
        foreach (var question in new[] { "one", "two", "three" })
        {
            var started = await grain.StartTurnAsync(question);
            await grain.ReadToEndAsync(started.TurnId);
            turnIds.Add(started.TurnId);
        }

        var history = await grain.GetHistoryAsync(10);

        Assert.False(history.HasMore);
        Assert.Equal(
            ["one", "Reply to: one", "two", "Reply to: two", "three", "Reply to: three"],
            history.Messages.Select(m => m.Text));
        Assert.Equal(turnIds, history.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.TurnId));

        var page = await grain.GetHistoryAsync(2, turnIds[2]);
        Assert.True(page.HasMore);
        Assert.Equal(["two", "Reply to: two"], page.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_second_message_while_a_turn_runs_is_refused_and_reads_do_not_wait_for_the_turn()
    {
        var (turn, grain, started) = await StartGatedTurnAsync("gate", "long question");

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.StartTurnAsync("another one"));
        Assert.Equal(ErrorCodes.TurnInProgress, refused.Code);

        // Reads complete while the turn is still blocked inside the model.
        var profile = await grain.GetProfileAsync().WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.NotNull(profile);
        var history = await grain.GetHistoryAsync(10).WaitAsync(Bound, TestContext.Current.CancellationToken);
        var partial = Assert.Single(history.Messages, m => m.Role == MessageRole.Assistant);
        Assert.Equal((TurnStatus.Streaming, "First part. "), (partial.Status, partial.Text));
        Assert.Equal(started.TurnId, await grain.GetActiveTurnAsync());

        var (text, end, _) = await turn.ReleaseAndReadToEndAsync();
        Assert.Equal(("First part. Second part.", TurnStatus.Completed), (text, end.Status));
        Assert.Null(await grain.GetActiveTurnAsync());
    }

    [Fact]
    public async Task A_watcher_that_reattaches_from_an_offset_receives_exactly_the_rest()
    {
        var (turn, grain, started) = await StartGatedTurnAsync("gate", "reattach");

        // A first watcher reads what exists, then goes away mid-turn.
        var seen = "";
        using (var detach = new CancellationTokenSource())
        {
            await foreach (var chunk in grain.WatchTurnAsync(started.TurnId, 0, detach.Token))
            {
                seen += chunk.Delta;
                break;
            }
        }

        Assert.Equal("First part. ", seen);

        var (rest, end, chunks) = await turn.ReleaseAndReadToEndAsync(seen.Length);
        Assert.Equal("Second part.", rest);
        Assert.Equal(seen.Length, chunks[0].Offset);
        Assert.Equal("First part. Second part.".Length, end.Length);

        // A finished turn can still be re-read from any offset up to its end.
        var (tail, _, _) = await grain.ReadToEndAsync(started.TurnId, 6);
        Assert.Equal("part. Second part.", tail);
    }

    [Fact]
    public async Task Cancel_stops_generation_and_stores_the_turn_as_cancelled_with_its_partial_text()
    {
        var (turn, grain, started) = await StartGatedTurnAsync("gate", "cancel me");

        Assert.True(await grain.CancelTurnAsync(started.TurnId));
        var (text, end, _) = await grain.ReadToEndAsync(started.TurnId);

        Assert.Equal(("First part. ", TurnStatus.Cancelled), (text, end.Status));
        Assert.False(await grain.CancelTurnAsync(started.TurnId));
        var stored = await fixture.Transcripts.GetTurnAsync(turn.User, started.TurnId, TestContext.Current.CancellationToken);
        Assert.Equal((TurnStatus.Cancelled, "First part. "), (stored[1].Status, stored[1].Text));

        // The next turn is accepted.
        var next = await grain.StartTurnAsync("after cancel");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(next.TurnId)).End.Status);
    }

    [Fact]
    public async Task A_failing_model_marks_the_turn_failed_and_keeps_the_user_message()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);

        var started = await grain.StartTurnAsync("fail please");
        var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);

        Assert.Equal((TurnStatus.Failed, ErrorCodes.ModelFailed), (end.Status, end.ErrorCode));
        Assert.Equal("The coaching model is unavailable.", end.ErrorMessage);
        var stored = await fixture.Transcripts.GetTurnAsync(user, started.TurnId, TestContext.Current.CancellationToken);
        Assert.Equal(("fail please", TurnStatus.Completed), (stored[0].Text, stored[0].Status));
        Assert.Equal((TurnStatus.Failed, ErrorCodes.ModelFailed), (stored[1].Status, stored[1].ErrorCode));

        var retry = await grain.StartTurnAsync("retry now");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(retry.TurnId)).End.Status);
    }

    [Fact]
    public async Task Deactivating_mid_turn_records_the_turn_as_interrupted()
    {
        var (turn, grain, started) = await StartGatedTurnAsync("gate", "interrupted");

        await fixture.Cluster.DeactivateAsync(grain);

        var (text, end, _) = await grain.ReadToEndAsync(started.TurnId);
        Assert.Equal((TurnStatus.Failed, ErrorCodes.Interrupted), (end.Status, end.ErrorCode));
        Assert.Equal("First part. ", text);
        Assert.Null(await grain.GetActiveTurnAsync());
        var history = await grain.GetHistoryAsync(10);
        Assert.Equal("gate:" + turn.User.User.Value + " interrupted", history.Messages[0].Text);
    }

    [Fact]
    public async Task A_streaming_reply_is_checkpointed_so_a_crash_keeps_what_was_read()
    {
        var (turn, _, started) = await StartGatedTurnAsync("checkpoint", "keep it");

        // The checkpoint is written in the background while the model waits; nothing signals it but the row itself.
        var reply = await StoredReplyWhenAsync(turn.User, started.TurnId, m => m.Text.Length > 0);
        Assert.Equal((ScriptedCoachingEngine.LongFirstPart, TurnStatus.Streaming), (reply.Text, reply.Status));

        var (text, end, _) = await turn.ReleaseAndReadToEndAsync();
        Assert.Equal(TurnStatus.Completed, end.Status);
        var final = await StoredReplyWhenAsync(turn.User, started.TurnId, m => m.Status == TurnStatus.Completed);
        Assert.Equal(text, final.Text);
    }

    [Fact]
    public async Task A_reply_whose_model_stalls_mid_stream_is_checkpointed_while_it_waits()
    {
        // A first chunk stored at once by size, a short chunk right after it (not due by size, nor by time), then no
        // chunk until the gate opens: the interval alone must bring the rest, so a crash during the stall keeps what the
        // person read.
        var (turn, _, started) = await StartGatedTurnAsync("stall", "stall mid-reply");

        const string shown = ScriptedCoachingEngine.LongFirstPart + ScriptedCoachingEngine.StallPart;
        var reply = await StoredReplyWhenAsync(turn.User, started.TurnId, m => m.Text == shown);
        Assert.Equal((shown, TurnStatus.Streaming), (reply.Text, reply.Status));

        var (text, end, _) = await turn.ReleaseAndReadToEndAsync();
        Assert.Equal((shown + "Second part.", TurnStatus.Completed), (text, end.Status));
    }

    [Fact]
    public async Task A_reply_left_streaming_in_the_store_is_recovered_as_interrupted_with_its_checkpointed_text()
    {
        // The process died after the turn's rows were stored and a checkpoint was written, before the grain's state
        // recorded the turn: only the store knows about it.
        var user = ClusterFixture.NewUser();
        var turnId = TurnId.New();
        var conversationId = ConversationId.New();
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        await fixture.Transcripts.AppendAsync(
        [
            new TranscriptMessage { TenantId = user.Tenant, UserId = user.User, ConversationId = conversationId, TurnId = turnId, Role = MessageRole.User, Text = "How do I get promoted?", Status = TurnStatus.Completed, CreatedAt = now, CompletedAt = now },
            new TranscriptMessage { TenantId = user.Tenant, UserId = user.User, ConversationId = conversationId, TurnId = turnId, Role = MessageRole.Assistant, Text = "", Status = TurnStatus.Streaming, CreatedAt = now },
        ], ct);
        Assert.True(await fixture.Transcripts.CheckpointReplyAsync(user, turnId, "What the person already read", ct));

        await fixture.UserGrain(user).GetActiveTurnAsync();

        var reply = (await fixture.Transcripts.GetTurnAsync(user, turnId, ct)).Single(m => m.Role == MessageRole.Assistant);
        Assert.Equal(("What the person already read", TurnStatus.Failed, ErrorCodes.Interrupted), (reply.Text, reply.Status, reply.ErrorCode));
        Assert.False(await fixture.Transcripts.CheckpointReplyAsync(user, turnId, "late", ct));
        Assert.Empty(await fixture.Transcripts.ListStreamingTurnsAsync(user, ct));
    }

    [Fact]
    public async Task A_conversation_only_the_store_knows_is_taken_up_with_its_turns_in_history_and_context()
    {
        // A person's first turns are recorded in the grain's state by the writes that follow them: a crash before any of
        // them leaves the conversation, a finished turn and one still streaming known only to the store.
        var user = ClusterFixture.NewUser();
        var (finished, cut) = (TurnId.New(), TurnId.New());
        var conversationId = ConversationId.New();
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        TranscriptMessage Message(TurnId turn, MessageRole role, string text, TurnStatus status) =>
            new() { TenantId = user.Tenant, UserId = user.User, ConversationId = conversationId, TurnId = turn, Role = role, Text = text, Status = status, CreatedAt = now, CompletedAt = status == TurnStatus.Streaming ? null : now };
        await fixture.Transcripts.AppendAsync(
        [
            Message(finished, MessageRole.User, "What does a senior engineer do?", TurnStatus.Completed),
            Message(finished, MessageRole.Assistant, "", TurnStatus.Streaming),
        ], ct);
        await fixture.Transcripts.CompleteReplyAsync(user, finished, new ReplyOutcome("They lead design work.", TurnStatus.Completed, now, [], "scripted", null), ct);
        await fixture.Transcripts.AppendAsync(
        [
            Message(cut, MessageRole.User, "And how do I get there?", TurnStatus.Completed),
            Message(cut, MessageRole.Assistant, "", TurnStatus.Streaming),
        ], ct);

        var grain = fixture.UserGrain(user);
        var history = await grain.GetHistoryAsync(20);
        Assert.Equal(conversationId, history.ConversationId);
        Assert.Equal(
            [("What does a senior engineer do?", TurnStatus.Completed), ("They lead design work.", TurnStatus.Completed), ("And how do I get there?", TurnStatus.Completed), ("", TurnStatus.Failed)],
            history.Messages.Select(m => (m.Text, m.Status)));

        var next = await grain.StartTurnAsync("Which skills first?");
        var (_, end, _) = await grain.ReadToEndAsync(next.TurnId);
        Assert.Equal(TurnStatus.Completed, end.Status);
        Assert.Equal(
            [("What does a senior engineer do?", "They lead design work.", TurnStatus.Completed), ("And how do I get there?", "", TurnStatus.Failed)],
            ScriptedCoachingEngine.Requests[next.TurnId].RecentTurns.Select(t => (t.Question, t.Reply, t.Status)));
        Assert.Equal(next.ConversationId, conversationId);
    }

    /// <summary>
    /// Starts a turn of a new user with a <paramref name="script"/> question of <see cref="ScriptedCoachingEngine"/> and
    /// returns once the model has streamed its first part and waits at the user's gate.
    /// </summary>
    private async Task<(GatedTurn Turn, IUserGrain Grain, TurnStarted Started)> StartGatedTurnAsync(string script, string question)
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var gate = ScriptedCoachingEngine.OpenGate(user.User.Value);
        var started = await grain.StartTurnAsync($"{script}:{user.User.Value} {question}");
        await gate.Started.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        return (new GatedTurn(user, grain, gate, started.TurnId), grain, started);
    }

    private async Task<TranscriptMessage> StoredReplyWhenAsync(UserKey user, TurnId turnId, Func<TranscriptMessage, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Bound;
        while (true)
        {
            var reply = (await fixture.Transcripts.GetTurnAsync(user, turnId, TestContext.Current.CancellationToken)).Single(m => m.Role == MessageRole.Assistant);
            if (condition(reply) || DateTimeOffset.UtcNow > deadline)
            {
                return reply;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData("", ErrorCodes.MessageEmpty)]
    [InlineData("   \n\t ", ErrorCodes.MessageEmpty)]
    public async Task Empty_messages_are_refused_and_nothing_is_stored(string text, string code)
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.StartTurnAsync(text));

        Assert.Equal(code, refused.Code);
        Assert.Empty((await grain.GetHistoryAsync(10)).Messages);
    }

    [Fact]
    public async Task An_oversize_message_is_refused_and_earlier_messages_are_kept()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var first = await grain.StartTurnAsync("kept");
        await grain.ReadToEndAsync(first.TurnId);

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.StartTurnAsync(new string('x', 201)));

        Assert.Equal(ErrorCodes.MessageTooLong, refused.Code);
        Assert.Equal(["kept", "Reply to: kept"], (await grain.GetHistoryAsync(10)).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Unknown_turns_and_offsets_past_the_end_are_refused_with_codes()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var started = await grain.StartTurnAsync("short");
        var (text, _, _) = await grain.ReadToEndAsync(started.TurnId);

        var unknown = await Assert.ThrowsAsync<CoachBotException>(() => grain.ReadToEndAsync(TurnId.New()));
        Assert.Equal(ErrorCodes.TurnNotFound, unknown.Code);
        var past = await Assert.ThrowsAsync<CoachBotException>(() => grain.ReadToEndAsync(started.TurnId, text.Length + 1));
        Assert.Equal(ErrorCodes.OffsetOutOfRange, past.Code);
        var negative = await Assert.ThrowsAsync<CoachBotException>(() => grain.ReadToEndAsync(started.TurnId, -1));
        Assert.Equal(ErrorCodes.OffsetOutOfRange, negative.Code);
        var cancelUnknown = await Assert.ThrowsAsync<CoachBotException>(() => grain.CancelTurnAsync(TurnId.New()));
        Assert.Equal(ErrorCodes.TurnNotFound, cancelUnknown.Code);
    }

    [Fact]
    public async Task Another_users_turn_cannot_be_watched_even_with_its_id()
    {
        var owner = fixture.UserGrain(ClusterFixture.NewUser());
        var started = await owner.StartTurnAsync("private question");
        await owner.ReadToEndAsync(started.TurnId);

        var stranger = fixture.UserGrain(new UserKey(TenantId.Parse("tenant-b"), UserId.Parse("someone")));
        var refused = await Assert.ThrowsAsync<CoachBotException>(() => stranger.ReadToEndAsync(started.TurnId));
        Assert.Equal(ErrorCodes.TurnNotFound, refused.Code);
    }

    /// <summary>A turn whose model waits at <see cref="Gate"/> after its first part.</summary>
    private sealed record GatedTurn(UserKey User, IUserGrain Grain, ScriptedCoachingEngine.Gate Gate, TurnId TurnId)
    {
        /// <summary>Lets the model go on and reads the reply from <paramref name="offset"/> to its end.</summary>
        public Task<(string Text, TurnEnd End, List<ReplyChunk> Chunks)> ReleaseAndReadToEndAsync(int offset = 0)
        {
            Gate.Release.TrySetResult();
            return Grain.ReadToEndAsync(TurnId, offset);
        }
    }
}
