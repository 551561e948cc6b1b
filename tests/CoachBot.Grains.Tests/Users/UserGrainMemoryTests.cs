using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Grains.Users;
using CoachBot.Storage;
using CoachBot.Storage.GrainState;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CoachBot.Grains.Tests.Users;

/// <summary>
/// The grain state holds what the next prompt needs, not the conversation: a few recent turns (the latest whole, older
/// ones trimmed) and a running summary of the rest, while the transcript store keeps every turn whole.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainMemoryTests(ClusterFixture fixture)
{
    private const int ReplyLength = 3000;

    [Fact]
    public async Task A_long_conversation_keeps_the_state_small_and_the_prompt_gets_recent_turns_and_a_summary_of_the_rest()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var turns = new List<TurnStarted>();
        for (var i = 1; i <= 30; i++)
        {
            var started = await grain.StartTurnAsync($"long:{ReplyLength} question number {i} about my resume");
            Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(started.TurnId)).End.Status);
            turns.Add(started);
        }

        var request = ScriptedCoachingEngine.Requests[turns[^1].TurnId];

        // The test cluster keeps 5 turns: the running one and the four before it.
        Assert.Equal(4, request.RecentTurns.Length);
        Assert.Equal(ScriptedCoachingEngine.LongReply($"long:{ReplyLength} question number 29 about my resume", ReplyLength), request.RecentTurns[^1].Reply);
        Assert.All(request.RecentTurns[..^1], t => Assert.InRange(t.Reply.Length, 500, 1001));
        Assert.All(request.RecentTurns[..^1], t => Assert.EndsWith("…", t.Reply, StringComparison.Ordinal));

        // Turns 1 to 25 left the window and are summarised, oldest first, with what they cited.
        Assert.Equal(25, request.Earlier.Length);
        Assert.Equal($"long:{ReplyLength} question number 1 about my resume", request.Earlier[0].Question);
        Assert.Equal($"long:{ReplyLength} question number 25 about my resume", request.Earlier[^1].Question);
        Assert.All(request.Earlier, e => Assert.Equal([ScriptedCoachingEngine.SampleCitation.SectionId], e.Sections));
        Assert.All(request.Earlier, e => Assert.Equal(TurnStatus.Completed, e.Status));

        // 30 replies of 3000 characters are 90 KB of text; the stored state holds the last two replies whole, three
        // trimmed ones and 25 summary lines: about 17 KB, where a window of 20 whole turns held over 60 KB.
        var stored = await ReadStoredStateAsync(user);
        var size = JsonSerializer.SerializeToUtf8Bytes(stored, GrainStateJson.Options).Length;
        Assert.InRange(size, 1, 20 * 1024);
        Assert.Equal(5, stored.RecentTurns.Count);
        Assert.Equal(25, stored.EarlierTurns.Count);

        // The transcript still has every turn whole, and an old turn is read back whole from it.
        var first = await grain.ReadToEndAsync(turns[0].TurnId);
        Assert.Equal(ReplyLength, first.Text.Length);
        var trimmed = await grain.ReadToEndAsync(turns[^3].TurnId);
        Assert.Equal(ReplyLength, trimmed.Text.Length);
        Assert.Equal(TurnStatus.Completed, trimmed.End.Status);
    }

    [Fact]
    public async Task A_new_conversation_starts_without_a_summary_and_retention_forgets_summary_lines()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        for (var i = 1; i <= 7; i++)
        {
            var started = await grain.StartTurnAsync($"question {i}");
            await grain.ReadToEndAsync(started.TurnId);
        }

        Assert.Equal(2, (await ReadStoredStateAsync(user)).EarlierTurns.Count);

        // Seven turns: two summary lines and five recent turns, all before now.
        Assert.Equal(7, await grain.ForgetTurnsBeforeAsync(DateTimeOffset.UtcNow.AddSeconds(1)));
        var forgotten = await ReadStoredStateAsync(user);
        Assert.Empty(forgotten.EarlierTurns);
        Assert.Empty(forgotten.RecentTurns);

        for (var i = 1; i <= 7; i++)
        {
            var started = await grain.StartTurnAsync($"again {i}");
            await grain.ReadToEndAsync(started.TurnId);
        }

        await grain.StartNewConversationAsync();
        var fresh = await grain.StartTurnAsync("a new start");
        await grain.ReadToEndAsync(fresh.TurnId);
        var request = ScriptedCoachingEngine.Requests[fresh.TurnId];
        Assert.Empty(request.Earlier);
        Assert.Empty(request.RecentTurns);
    }

    private async Task<UserState> ReadStoredStateAsync(CoachBot.Ids.UserKey user)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var state = new GrainState<UserState>();
        await storage.ReadStateAsync(StorageNames.UserState, fixture.UserGrain(user).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException("No stored state.");
    }
}
