using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Server.Tests.Faults;

namespace CoachBot.Grains.Tests.Users;

/// <summary>
/// Storms of grain-state write conflicts (another writer's ETag, as a second activation of the grain in a cluster leaves
/// it) while a turn is accepted and while its outcome is stored: the grain reads the stored state and writes again; a
/// storm longer than its retries fails the turn clearly, and in every case nothing acknowledged is lost, what the person
/// is told matches what is stored, and the next turn works with the earlier ones in its context.
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
        TurnStarted? started = null;
        CoachBotException? refused = null;
        (string Text, TurnEnd End, List<ReplyChunk> Chunks)? read = null;
        if (at == "accept")
        {
            fixture.GrainStorage.Arm(grainId, conflicts);
            try
            {
                started = await grain.StartTurnAsync(question);
            }
            catch (CoachBotException exception)
            {
                refused = exception;
            }

            gate.Release.TrySetResult();
        }
        else
        {
            started = await grain.StartTurnAsync(question);
            await gate.Started.Task.WaitAsync(Bound, Cancel);
            fixture.GrainStorage.Arm(grainId, conflicts);
            gate.Release.SetResult();
        }

        if (started is not null)
        {
            read = await grain.ReadToEndAsync(started.TurnId);
        }

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
        if (refused is null)
        {
            // Accepted: the message and the reply are stored, as the person saw them end.
            var reply = stored.SingleOrDefault();
            Check(reply is not null && reply.Status == read!.Value.End.Status && reply.Text == read.Value.Text, $"stored {reply?.Status} \"{reply?.Text}\", seen {read?.End.Status} \"{read?.Text}\"");
            Check(read!.Value.End.Status == TurnStatus.Completed, $"the reply ended {read.Value.End.Status} {read.Value.End.ErrorCode}");
            Check(context.Contains((question, TurnStatus.Completed)), "the accepted turn is missing from the next turn's context");
        }
        else
        {
            // Refused after every retry: a clear code, and the message is stored whole with a reply that says it failed.
            Check(refused.Code == ErrorCodes.Unavailable, $"refused with {refused.Code}");
            Check(stored.Count == 1 && stored[0].Status == TurnStatus.Failed && asked.Count(q => q == question) == 1, "the refused message is not stored whole with a failed reply");
            Check(refused.Message.Contains("saved", StringComparison.Ordinal) && !refused.Message.Contains("not sent", StringComparison.Ordinal), $"the person is told \"{refused.Message}\" of a stored message");
        }

        FaultReport.Record("etag conflicts", $"{conflicts} write conflicts in a row at the {at}", 1, problems.Count == 0 ? 1 : 0,
            $"{injected} injected; {(refused is null ? $"reply {read!.Value.End.Status}" : $"refused {refused.Code}")}");
        Assert.True(conflicts < 4 ? refused is null : at == "outcome" || refused is not null, "a storm within the retries is ridden out");
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
