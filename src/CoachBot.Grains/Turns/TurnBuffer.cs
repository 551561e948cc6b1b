using System.Runtime.CompilerServices;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Grains.Turns;

/// <summary>
/// The text of a reply as it is generated, readable from any offset by any number of watchers while it grows.
/// A watcher that falls behind receives everything new as one delta, so slow clients are coalesced, never flooded.
/// </summary>
internal sealed class TurnBuffer(TurnId turnId)
{
    private readonly Lock _sync = new();
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _changed = NewSignal();
    private TurnEnd? _end;

    public TurnId TurnId { get; } = turnId;

    public int Length
    {
        get
        {
            lock (_sync)
            {
                return _text.Length;
            }
        }
    }

    public TurnEnd? End
    {
        get
        {
            lock (_sync)
            {
                return _end;
            }
        }
    }

    public string Snapshot()
    {
        lock (_sync)
        {
            return _text.ToString();
        }
    }

    public void Append(string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        TaskCompletionSource signal;
        lock (_sync)
        {
            if (_end is not null)
            {
                throw new InvalidOperationException("The turn has ended.");
            }

            _text.Append(delta);
            signal = Swap();
        }

        signal.TrySetResult();
    }

    public void Complete(TurnEnd end)
    {
        TaskCompletionSource signal;
        lock (_sync)
        {
            _end ??= end with { Length = _text.Length };
            signal = Swap();
        }

        signal.TrySetResult();
    }

    /// <summary>
    /// Everything from <paramref name="offset"/> on, as it arrives, then the end marker; an offset past the text written
    /// so far is refused (<see cref="ErrorCodes.OffsetOutOfRange"/>) before anything is read.
    /// </summary>
    public IAsyncEnumerable<ReplyChunk> ReadAsync(int offset, CancellationToken cancellationToken)
    {
        var length = Length;
        if (offset < 0 || offset > length)
        {
            throw OffsetOutOfRange(offset, length);
        }

        return ReadFromAsync(offset, cancellationToken);
    }

    /// <summary>The error for an offset outside a reply of <paramref name="length"/> characters.</summary>
    public static CoachBotException OffsetOutOfRange(int offset, int length) =>
        new(ErrorCodes.OffsetOutOfRange, $"Offset {offset} is outside the reply (0 to {length}).");

    private async IAsyncEnumerable<ReplyChunk> ReadFromAsync(int offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = offset;
        while (true)
        {
            Task changed;
            string? delta = null;
            TurnEnd? end;
            lock (_sync)
            {
                changed = _changed.Task;
                end = _end;
                if (_text.Length > position)
                {
                    delta = _text.ToString(position, _text.Length - position);
                }
            }

            if (delta is not null)
            {
                yield return new ReplyChunk(TurnId, position, delta);
                position += delta.Length;
                continue;
            }

            if (end is not null)
            {
                yield return new ReplyChunk(TurnId, position, "", end);
                yield break;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// What is there from <paramref name="offset"/> right now (empty when nothing new), the end once the turn ended, and a
    /// task that completes at the next change: for a reader that waits on this buffer and on something else at once.
    /// </summary>
    public (string Delta, TurnEnd? End, Task Changed) Peek(int offset)
    {
        lock (_sync)
        {
            var delta = _text.Length > offset ? _text.ToString(offset, _text.Length - offset) : "";
            return (delta, _end, _changed.Task);
        }
    }

    private TaskCompletionSource Swap()
    {
        var previous = _changed;
        _changed = NewSignal();
        return previous;
    }

    // Continuations run on the writer's thread where they can (a watcher in this process reading a stream that runs off
    // any activation): the chunk goes on to the watcher's connection without a hop through the thread pool's queue.
    // A writer on an activation, or a watcher that awaits on one, still has its continuations queued.
    private static TaskCompletionSource NewSignal() => new();
}
