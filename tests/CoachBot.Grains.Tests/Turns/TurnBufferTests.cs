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

    [Fact]
    public async Task Every_waiting_reader_has_the_chunk_before_append_returns_and_one_cancelled_meanwhile_is_passed_over()
    {
        var buffer = new TurnBuffer(TurnId.New());
        using var timeout = new CancellationTokenSource(Bound);
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        await using var first = buffer.ReadAsync(0, timeout.Token).GetAsyncEnumerator(timeout.Token);
        await using var second = buffer.ReadAsync(0, leaving.Token).GetAsyncEnumerator(leaving.Token);
        await using var third = buffer.ReadAsync(0, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var firstNext = first.MoveNextAsync().AsTask();
        var secondNext = second.MoveNextAsync().AsTask();
        var thirdNext = third.MoveNextAsync().AsTask();

        // The reader in the middle of the waiting list leaves; the change still reaches the readers on both sides of it.
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await secondNext);
        Assert.False(firstNext.IsCompleted);
        buffer.Append("Hi");

        Assert.True(firstNext.IsCompleted && thirdNext.IsCompleted);
        Assert.True(await firstNext && await thirdNext);
        Assert.Equal(new ReplyChunk(buffer.TurnId, 0, "Hi"), first.Current);
        Assert.Equal(new ReplyChunk(buffer.TurnId, 0, "Hi"), third.Current);

        // Each reader waits again with the same waiter, and is woken again.
        await AssertHandedOverAsync(first, () => buffer.Append(" there"), new ReplyChunk(buffer.TurnId, 2, " there"));
        Assert.True(await third.MoveNextAsync());
        Assert.Equal(new ReplyChunk(buffer.TurnId, 2, " there"), third.Current);
    }

    [Fact]
    public async Task A_reader_cancelled_before_it_waits_stops_at_its_first_wait()
    {
        var buffer = new TurnBuffer(TurnId.New());
        buffer.Append("Already here");
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        await using var reader = buffer.ReadAsync(0, stop.Token).GetAsyncEnumerator(stop.Token);

        // What is there is still handed over; the wait for more ends at once instead of waiting for a change.
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal("Already here", reader.Current.Delta);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
    }

    [Fact]
    public async Task A_read_whose_writer_went_away_ends_as_unavailable_unless_the_reader_itself_stopped()
    {
        var buffer = new TurnBuffer(TurnId.New());
        buffer.Append("Half a ");
        using var timeout = new CancellationTokenSource(Bound);
        using var gone = new CancellationTokenSource();
        await using var reader = buffer.ReadUntilAbandonedAsync(0, gone.Token, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await reader.MoveNextAsync());
        var waiting = reader.MoveNextAsync();

        await gone.CancelAsync();
        var refused = await Assert.ThrowsAsync<CoachBotException>(async () => await waiting);
        Assert.Equal(ErrorCodes.Unavailable, refused.Code);

        using var stop = new CancellationTokenSource();
        await using var leaving = buffer.ReadUntilAbandonedAsync(7, gone.Token, stop.Token).GetAsyncEnumerator(stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await leaving.MoveNextAsync());

        // An offset past the text is refused at the first step of such a read, not when it is asked for.
        var late = buffer.ReadUntilAbandonedAsync(8, CancellationToken.None, timeout.Token);
        await using var past = late.GetAsyncEnumerator(timeout.Token);
        Assert.Equal(ErrorCodes.OffsetOutOfRange, (await Assert.ThrowsAsync<CoachBotException>(async () => await past.MoveNextAsync())).Code);
    }

    [Fact]
    public void A_peek_gives_what_is_new_and_a_task_that_completes_at_the_next_change()
    {
        var buffer = new TurnBuffer(TurnId.New());
        buffer.Append("Hello");
        var (delta, end, changed) = buffer.Peek(2);
        Assert.Equal("llo", delta);
        Assert.Null(end);
        Assert.False(changed.IsCompleted);

        buffer.Append("!");
        Assert.True(changed.IsCompleted);
        var (_, _, next) = buffer.Peek(6);
        buffer.Complete(new TurnEnd(TurnStatus.Completed, 0, [], null, null, null));
        Assert.True(next.IsCompleted);
        Assert.Equal(6, buffer.Peek(6).End?.Length);
    }
}
