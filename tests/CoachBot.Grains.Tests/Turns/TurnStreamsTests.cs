using System.Text;
using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Grains.Turns;
using CoachBot.Ids;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Grains.Tests.Turns;

[Collection(ClusterCollection.Name)]
public sealed class TurnStreamsTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private TurnStreams Streams => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<TurnStreams>();

    [Fact]
    public async Task A_reply_written_here_is_read_from_its_buffer_with_the_chunks_the_grain_gives_and_through_the_grain_once_it_ended()
    {
        var (user, grain, gate, turnId) = await StartGatedTurnAsync("read here");
        Assert.True(Streams.IsWriting(user, turnId));

        using var timeout = new CancellationTokenSource(Bound);
        await using var reader = Streams.WatchAsync(user, turnId, 0, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(new ReplyChunk(turnId, 0, "First part. "), reader.Current);

        gate.Release.TrySetResult();
        var text = new StringBuilder(reader.Current.Delta);
        TurnEnd? end = null;
        while (end is null && await reader.MoveNextAsync())
        {
            Assert.Equal(text.Length, reader.Current.Offset);
            text.Append(reader.Current.Delta);
            end = reader.Current.End;
        }

        var (fromGrain, grainEnd, _) = await grain.ReadToEndAsync(turnId);
        Assert.Equal("First part. Second part.", text.ToString());
        Assert.Equal(fromGrain, text.ToString());
        Assert.NotNull(end);
        Assert.Equal((grainEnd.Status, grainEnd.Length, grainEnd.ErrorCode), (end.Status, end.Length, end.ErrorCode));
        Assert.Equal(grainEnd.Citations, end.Citations);
        Assert.False(Streams.IsWriting(user, turnId));

        // Once ended, the same call reads the finished turn through the grain, from any offset up to its end.
        var tail = new StringBuilder();
        await foreach (var chunk in Streams.WatchAsync(user, turnId, 6, timeout.Token))
        {
            tail.Append(chunk.Delta);
        }

        Assert.Equal("part. Second part.", tail.ToString());
    }

    [Fact]
    public async Task An_offset_outside_the_text_written_so_far_is_refused_and_another_persons_turn_id_is_not_found()
    {
        var (user, _, gate, turnId) = await StartGatedTurnAsync("refuse");
        using var timeout = new CancellationTokenSource(Bound);

        var past = await Assert.ThrowsAsync<CoachBotException>(() => FirstChunkAsync(user, turnId, "First part. ".Length + 1, timeout.Token));
        var negative = await Assert.ThrowsAsync<CoachBotException>(() => FirstChunkAsync(user, turnId, -1, timeout.Token));
        Assert.Equal((ErrorCodes.OffsetOutOfRange, ErrorCodes.OffsetOutOfRange), (past.Code, negative.Code));

        // The same turn id under someone else's key (another user, or the same user id in another tenant) never reaches
        // the buffer: the other person's grain has no such turn.
        var stranger = ClusterFixture.NewUser();
        var otherTenant = new UserKey(TenantId.Parse("tenant-b"), user.User);
        foreach (var other in new[] { stranger, otherTenant })
        {
            Assert.False(Streams.IsWriting(other, turnId));
            var notFound = await Assert.ThrowsAsync<CoachBotException>(() => FirstChunkAsync(other, turnId, 0, timeout.Token));
            Assert.Equal(ErrorCodes.TurnNotFound, notFound.Code);
        }

        // The refused readers left the turn alone: it is still being written and ends as usual.
        Assert.True(Streams.IsWriting(user, turnId));
        gate.Release.TrySetResult();
        var (text, end, _) = await fixture.UserGrain(user).ReadToEndAsync(turnId);
        Assert.Equal(("First part. Second part.", TurnStatus.Completed), (text, end.Status));
    }

    private async Task<ReplyChunk> FirstChunkAsync(UserKey user, TurnId turnId, int offset, CancellationToken cancellationToken)
    {
        await foreach (var chunk in Streams.WatchAsync(user, turnId, offset, cancellationToken))
        {
            return chunk;
        }

        throw new InvalidOperationException("The reply ended without a chunk.");
    }

    private async Task<(UserKey User, IUserGrain Grain, ScriptedCoachingEngine.Gate Gate, TurnId TurnId)> StartGatedTurnAsync(string question)
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var gate = ScriptedCoachingEngine.OpenGate(user.User.Value);
        var started = await grain.StartTurnAsync($"gate:{user.User.Value} {question}");
        await gate.Started.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        return (user, grain, gate, started.TurnId);
    }
}
