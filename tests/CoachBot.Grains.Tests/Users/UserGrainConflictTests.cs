using CoachBot.Coaching.Engine;
using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Grains.Users;
using CoachBot.Server.Tests.Faults;
using CoachBot.Storage;
using Orleans.Storage;

namespace CoachBot.Grains.Tests.Users;

/// <summary>
/// Storms of grain-state write conflicts (another writer's ETag, as a second activation of the grain in a cluster leaves
/// it) from the moment a turn is accepted and while its outcome is stored: the grain reads the stored state and writes
/// again; a storm longer than its retries leaves the turn's changes pending for the grain's next write. In every case
/// nothing acknowledged is lost, what the person is told matches what is stored, and the next turn works with the earlier
/// ones in its context. The grain's other state writes (a new conversation, a coach's message, retention trimming) ride
/// out the same storms, keeping what the other writers stored; refused past the retries, they leave no trace.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainConflictTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>How many times the grain writes its state before a conflict is thrown.</summary>
    private const int WriteAttempts = 4;

    public static TheoryData<string, int> Storms => new()
    {
        { "accept", 1 },
        { "accept", 3 },
        { "accept", 8 },
        { "outcome", 1 },
        { "outcome", 3 },
        { "outcome", 8 },
    };

    /// <summary>Conflicts in a row: one, as many as the retries ride out, and a storm longer than every attempt.</summary>
    public static TheoryData<int> ConflictsInARow => [1, WriteAttempts - 1, 8];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Storms))]
    public async Task A_storm_of_write_conflicts_loses_nothing_and_the_person_is_told_what_is_stored(string at, int conflicts)
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var grainId = grain.GetGrainId();
        var earlier = await grain.StartTurnAsync("first question");
        await grain.ReadToEndAsync(earlier.TurnId);

        var question = $"gate:{user.User.Value} second question";
        var gate = ScriptedCoachingEngine.OpenGate(user.User.Value);
        TurnStarted started;
        if (at == "accept")
        {
            // The accept writes only the transcript: the storm meets the turn's first state write after it.
            fixture.GrainStorage.Arm(grainId, conflicts);
            started = await grain.StartTurnAsync(question);
            gate.Release.TrySetResult();
        }
        else
        {
            started = await grain.StartTurnAsync(question);
            await gate.Started.Task.WaitAsync(Bound, Cancel);
            fixture.GrainStorage.Arm(grainId, conflicts);
            gate.Release.SetResult();
        }

        var read = await grain.ReadToEndAsync(started.TurnId);
        var injected = fixture.GrainStorage.Injected(grainId);
        fixture.GrainStorage.Disarm(grainId);

        // The next turn works, with the earlier turns in its context.
        var next = await grain.StartTurnAsync("third question");
        var (_, nextEnd, _) = await grain.ReadToEndAsync(next.TurnId);
        var context = ScriptedCoachingEngine.Requests[next.TurnId].RecentTurns.Select(t => (t.Question, t.Status)).ToList();
        var history = (await grain.GetHistoryAsync(20)).Messages;
        var asked = history.Where(m => m.Role == MessageRole.User).Select(m => m.Text).ToList();
        var stored = history.Where(m => m.Role == MessageRole.Assistant && history.Any(q => q.TurnId == m.TurnId && q.Text == question)).ToList();

        var problems = new List<string>();
        Check(nextEnd.Status == TurnStatus.Completed, "the next turn did not complete");
        Check(asked.Take(1).SequenceEqual(["first question"]) && asked[^1] == "third question", $"questions stored: {string.Join(" | ", asked)}");
        Check(context.Contains(("first question", TurnStatus.Completed)), "the first turn is missing from the next turn's context");
        Check(history.All(m => m.Status != TurnStatus.Streaming), "a reply was left streaming");
        // The message and the reply are stored, as the person saw them end, and the turn is in the next one's context
        // even when the storm outlasted the retries of the write after it (the next write carries it).
        var reply = stored.SingleOrDefault();
        Check(reply is not null && reply.Status == read.End.Status && reply.Text == read.Text, $"stored {reply?.Status} \"{reply?.Text}\", seen {read.End.Status} \"{read.Text}\"");
        Check(read.End.Status == TurnStatus.Completed, $"the reply ended {read.End.Status} {read.End.ErrorCode}");
        Check(context.Contains((question, TurnStatus.Completed)), "the accepted turn is missing from the next turn's context");
        var recorded = (await StoredStateAsync(grain)).RecentTurns.Select(t => (t.Question, t.Status)).ToList();
        Check(recorded.Contains((question, TurnStatus.Completed)) && recorded.Contains(("third question", TurnStatus.Completed)), $"stored state's turns: {string.Join(" | ", recorded)}");

        FaultReport.Record("etag conflicts", $"{conflicts} write conflicts in a row from the {at}", 1, problems.Count == 0 ? 1 : 0,
            $"{injected} injected; reply {read.End.Status}");
        Assert.True(injected > 0, "the storm met no state write");
        Assert.Empty(problems);

        void Check(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConflictsInARow))]
    public async Task A_new_conversation_rides_out_write_conflicts_or_is_refused_and_the_current_one_goes_on(int conflicts)
    {
        var (grain, before) = await UserWithOneTurnMeetingOtherWritersAsync(conflicts);

        if (conflicts < WriteAttempts)
        {
            var conversationId = await grain.StartNewConversationAsync();

            var stored = await StoredStateAfterOtherWritersAsync(grain, before, conflicts);
            Assert.Equal(conversationId, stored.ConversationId);
            Assert.Empty(stored.RecentTurns);
            Assert.Empty((await grain.GetHistoryAsync(10)).Messages);
            Assert.Empty((await NextTurnAsync(grain)).RecentTurns);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.StartNewConversationAsync());

            Assert.Equal(ErrorCodes.Unavailable, refused.Code);
            var stored = await StoredStateAfterOtherWritersAsync(grain, before, conflicts);
            Assert.Equal(before.ConversationId, stored.ConversationId);
            Assert.Equal(before.RecentTurns.Select(t => t.TurnId), stored.RecentTurns.Select(t => t.TurnId));
            Assert.Contains("first question", (await NextTurnAsync(grain)).RecentTurns.Select(t => t.Question));
        }
    }

    [Theory]
    [MemberData(nameof(ConflictsInARow))]
    public async Task A_coach_message_rides_out_write_conflicts_and_stays_in_the_transcript_when_the_state_cannot_keep_it(int conflicts)
    {
        var (grain, before) = await UserWithOneTurnMeetingOtherWritersAsync(conflicts);

        // Stored in the transcript before the state is written: the coach and the person get it in either case.
        var sent = await grain.AddCoachMessageAsync(new CoachMessageDraft("Try the mentoring programme.", "coach-1", "Dana"));

        var stored = await StoredStateAfterOtherWritersAsync(grain, before, conflicts);
        Assert.Contains((await grain.GetHistoryAsync(10)).Messages, m => m.TurnId == sent.Id && m.Role == MessageRole.Coach && m.Text == sent.Text);
        var notes = (await NextTurnAsync(grain)).CoachNotes.Select(n => (n.CoachName, n.Text));
        var remembered = stored.RecentTurns.Where(t => t.TurnId == sent.Id).Select(t => (t.CoachName, t.Reply, t.ConversationId));
        if (conflicts < WriteAttempts)
        {
            Assert.Equal([("Dana", sent.Text, sent.ConversationId)], remembered);
            Assert.Equal([("Dana", sent.Text)], notes);
        }
        else
        {
            Assert.Empty(remembered);
            Assert.Empty(notes);
        }
    }

    [Theory]
    [MemberData(nameof(ConflictsInARow))]
    public async Task Retention_trimming_rides_out_write_conflicts_or_fails_and_trims_on_the_next_sweep(int conflicts)
    {
        var (grain, before) = await UserWithOneTurnMeetingOtherWritersAsync(conflicts);
        var cutoff = DateTimeOffset.UtcNow;

        if (conflicts < WriteAttempts)
        {
            Assert.Equal(1, await grain.ForgetTurnsBeforeAsync(cutoff));

            Assert.Empty((await StoredStateAfterOtherWritersAsync(grain, before, conflicts)).RecentTurns);
            Assert.Empty((await NextTurnAsync(grain)).RecentTurns);
        }
        else
        {
            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.ForgetTurnsBeforeAsync(cutoff));

            var stored = await StoredStateAfterOtherWritersAsync(grain, before, conflicts);
            Assert.Equal(before.RecentTurns.Select(t => t.TurnId), stored.RecentTurns.Select(t => t.TurnId));
            // The sweep keeps the transcript rows when the trim fails, and the next one trims the turn from the state.
            Assert.Equal(1, await grain.ForgetTurnsBeforeAsync(cutoff));
            Assert.Empty((await StoredStateAsync(grain)).RecentTurns);
        }
    }

    /// <summary>
    /// A user with one answered turn whose next <paramref name="conflicts"/> state writes each meet another writer first.
    /// Each other writer counts a turn of its own, so the stored count shows whether every one of their writes was kept.
    /// </summary>
    private async Task<(IUserGrain Grain, UserState Before)> UserWithOneTurnMeetingOtherWritersAsync(int conflicts)
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var first = await grain.StartTurnAsync("first question");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(first.TurnId)).End.Status);
        var before = await StoredStateAsync(grain);
        fixture.GrainStorage.Arm<UserState>(grain.GetGrainId(), conflicts, other => other.TurnCount++);
        return (grain, before);
    }

    /// <summary>
    /// The stored state once the other writers are gone, after checking that the grain met one on each attempt it made
    /// and that none of their writes was lost.
    /// </summary>
    private async Task<UserState> StoredStateAfterOtherWritersAsync(IUserGrain grain, UserState before, int conflicts)
    {
        var met = Math.Min(conflicts, WriteAttempts);
        Assert.Equal(met, fixture.GrainStorage.Injected(grain.GetGrainId()));
        Assert.Equal(conflicts - met, fixture.GrainStorage.Disarm(grain.GetGrainId()));
        var stored = await StoredStateAsync(grain);
        Assert.Equal(before.TurnCount + met, stored.TurnCount);
        return stored;
    }

    private async Task<UserState> StoredStateAsync(IUserGrain grain)
    {
        var stored = new GrainState<UserState>();
        await fixture.GrainStorage.ReadStateAsync(StorageNames.UserState, grain.GetGrainId(), stored);
        Assert.True(stored.RecordExists, "the user's state is not stored");
        return stored.State!;
    }

    /// <summary>The next turn completes; returns what the model was given for it.</summary>
    private static async Task<CoachingRequest> NextTurnAsync(IUserGrain grain)
    {
        var next = await grain.StartTurnAsync("next question");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(next.TurnId)).End.Status);
        return ScriptedCoachingEngine.Requests[next.TurnId];
    }
}
