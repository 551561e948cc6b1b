using CoachBot.Conversations;
using CoachBot.Grains.Turns;
using CoachBot.Ids;

namespace CoachBot.Grains.Tests.Turns;

public sealed class TurnBufferTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_waiting_reader_has_the_chunk_before_append_returns_and_the_end_before_complete_returns()
    {
        var buffer = new TurnBuffer(TurnId.New());
        using var timeout = new CancellationTokenSource(Bound);
        await using var reader = buffer.ReadAsync(0, timeout.Token).GetAsyncEnumerator(timeout.Token);

        // The reader runs on this thread as the text arrives: no queue stands between a chunk and its watcher.
        await AssertHandedOverAsync(reader, () => buffer.Append("Hello"), new ReplyChunk(buffer.TurnId, 0, "Hello"));
        await AssertHandedOverAsync(reader, () => buffer.Append(", world"), new ReplyChunk(buffer.TurnId, 5, ", world"));

        var last = reader.MoveNextAsync();
        buffer.Complete(new TurnEnd(TurnStatus.Completed, 0, [], null, null, null));
        Assert.True(last.IsCompleted);
        Assert.True(await last);
        Assert.Equal(12, reader.Current.Offset);
        Assert.Equal(TurnStatus.Completed, reader.Current.End?.Status);
        Assert.Equal(12, reader.Current.End?.Length);
        Assert.False(await reader.MoveNextAsync());
    }

    private static async Task AssertHandedOverAsync(IAsyncEnumerator<ReplyChunk> reader, Action write, ReplyChunk expected)
    {
        var next = reader.MoveNextAsync();
        Assert.False(next.IsCompleted);
        write();
        Assert.True(next.IsCompleted);
        Assert.True(await next);
        Assert.Equal(expected, reader.Current);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_gets_everything_new_as_one_delta_and_a_late_reader_starts_at_its_offset()
    {
        var buffer = new TurnBuffer(TurnId.New());
        buffer.Append("one ");
        buffer.Append("two ");
        buffer.Append("three");
        using var timeout = new CancellationTokenSource(Bound);
        await using var reader = buffer.ReadAsync(4, timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(new ReplyChunk(buffer.TurnId, 4, "two three"), reader.Current);
        Assert.Throws<CoachBotException>(() => buffer.ReadAsync(14, timeout.Token));
    }

    [Fact]
    public async Task A_reader_cancelled_while_waiting_stops_and_the_writer_goes_on()
    {
        var buffer = new TurnBuffer(TurnId.New());
        using var stop = new CancellationTokenSource();
        var reader = buffer.ReadAsync(0, stop.Token).GetAsyncEnumerator(stop.Token);
        var waiting = reader.MoveNextAsync();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        await reader.DisposeAsync();
        buffer.Append("still written");
        Assert.Equal("still written", buffer.Snapshot());
    }
}
