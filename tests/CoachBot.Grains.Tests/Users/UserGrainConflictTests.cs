using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Server.Tests.Faults;

namespace CoachBot.Grains.Tests.Users;

/// <summary>
/// Storms of grain-state write conflicts (another writer's ETag, as a second activation of the grain in a cluster leaves
/// it) from the moment a turn is accepted and while its outcome is stored: the grain reads the stored state and writes
/// again; a storm longer than its retries leaves the state's changes pending for the next write. In every case nothing
/// acknowledged is lost, what the person is told matches what is stored, and the next turn works with the earlier ones
/// in its context.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainConflictTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static TheoryData<string, int> Storms => new()
    {
        { "accept", 1 },
        { "accept", 3 },
        { "accept", 8 },
        { "outcome", 1 },
        { "outcome", 3 },
        { "outcome", 8 },
    };

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
}
