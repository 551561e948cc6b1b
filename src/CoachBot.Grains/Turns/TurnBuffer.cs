using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks.Sources;
using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Grains.Turns;

/// <summary>
/// The text of a reply as it is generated, readable from any offset by any number of watchers while it grows.
/// A watcher that falls behind receives everything new as one delta, so slow clients are coalesced, never flooded.
/// </summary>
internal sealed class TurnBuffer(TurnId turnId)
{
    private const string InterruptedMessage = "This reply was interrupted. Your message is saved; please ask again.";

    private readonly Lock _sync = new();
    private readonly StringBuilder _text = new();

    // Readers waiting for the next change, linked through Reader.Next; each is woken once and links itself again.
    private Reader? _waiting;

    // Made only for a caller of Peek, which waits on this buffer and on something else at once.
    private TaskCompletionSource? _changed;
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

        Reader? waiting;
        TaskCompletionSource? changed;
        lock (_sync)
        {
            if (_end is not null)
            {
                throw new InvalidOperationException("The turn has ended.");
            }

            _text.Append(delta);
            (waiting, changed) = TakeWaiting();
        }

        Wake(waiting, changed);
    }

    public void Complete(TurnEnd end)
    {
        Reader? waiting;
        TaskCompletionSource? changed;
        lock (_sync)
        {
            _end ??= end with { Length = _text.Length };
            (waiting, changed) = TakeWaiting();
        }

        Wake(waiting, changed);
    }

    /// <summary>
    /// Everything from <paramref name="offset"/> on, as it arrives, then the end marker; an offset past the text written
    /// so far is refused (<see cref="ErrorCodes.OffsetOutOfRange"/>) before anything is read.
    /// </summary>
    public IAsyncEnumerable<ReplyChunk> ReadAsync(int offset, CancellationToken cancellationToken)
    {
        CheckOffset(offset);
        return ReadFromAsync(offset, default, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadAsync"/> for a reader that learns of a refused offset from its first step, and whose reading ends
    /// with <see cref="ErrorCodes.Unavailable"/> once <paramref name="abandoned"/> fires (the writer went away before the end).
    /// </summary>
    public IAsyncEnumerable<ReplyChunk> ReadUntilAbandonedAsync(int offset, CancellationToken abandoned, CancellationToken cancellationToken) =>
        ReadFromAsync(offset, abandoned, cancellationToken);

    /// <summary>The error for an offset outside a reply of <paramref name="length"/> characters.</summary>
    public static CoachBotException OffsetOutOfRange(int offset, int length) =>
        new(ErrorCodes.OffsetOutOfRange, $"Offset {offset} is outside the reply (0 to {length}).");

    /// <summary>
    /// What is there from <paramref name="offset"/> right now (empty when nothing new), the end once the turn ended, and a
    /// task that completes at the next change: for a reader that waits on this buffer and on something else at once.
    /// </summary>
    public (string Delta, TurnEnd? End, Task Changed) Peek(int offset)
    {
        lock (_sync)
        {
            var delta = _text.Length > offset ? _text.ToString(offset, _text.Length - offset) : "";
            // Continuations run on the writer's thread where they can, as a waiting reader's do.
            _changed ??= new TaskCompletionSource();
            return (delta, _end, _changed.Task);
        }
    }

    private void CheckOffset(int offset)
    {
        var length = Length;
        if (offset < 0 || offset > length)
        {
            throw OffsetOutOfRange(offset, length);
        }
    }

    private async IAsyncEnumerable<ReplyChunk> ReadFromAsync(int offset, CancellationToken abandoned, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CheckOffset(offset);
        // One waiter for the whole read, woken by each change: a chunk costs no task, no timer and no registration.
        using var reader = new Reader(abandoned, cancellationToken);
        var position = offset;
        while (true)
        {
            string? delta = null;
            TurnEnd? end;
            lock (_sync)
            {
                end = _end;
                if (_text.Length > position)
                {
                    delta = _text.ToString(position, _text.Length - position);
                }
                else if (end is null)
                {
                    reader.Arm(_waiting);
                    _waiting = reader;
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

            await reader.WaitAsync();
        }
    }

    private (Reader? Waiting, TaskCompletionSource? Changed) TakeWaiting()
    {
        var taken = (_waiting, _changed);
        (_waiting, _changed) = (null, null);
        return taken;
    }

    // Continuations run on the writer's thread where they can (a watcher in this process reading a stream that runs off
    // any activation): the chunk goes on to the watcher's connection without a hop through the thread pool's queue.
    // A writer on an activation, or a watcher that awaits on one, still has its continuations queued.
    private static void Wake(Reader? waiting, TaskCompletionSource? changed)
    {
        while (waiting is not null)
        {
            var next = waiting.Next;
            waiting.Next = null;
            waiting.Wake();
            waiting = next;
        }

        changed?.TrySetResult();
    }

    /// <summary>
    /// A reader's wait for the next change, reused for every wait of one read. Armed under the buffer's lock as it joins
    /// the waiting list; whoever disarms it first (a change, the reader's cancellation, the writer going away) completes it.
    /// </summary>
    private sealed class Reader : IValueTaskSource, IDisposable
    {
        private readonly CancellationToken _abandoned;
        private readonly CancellationToken _cancellation;
        private readonly CancellationTokenRegistration _onCancel;
        private readonly CancellationTokenRegistration _onAbandon;
        private ManualResetValueTaskSourceCore<bool> _core;
        private int _armed;

        public Reader(CancellationToken abandoned, CancellationToken cancellation)
        {
            (_abandoned, _cancellation) = (abandoned, cancellation);
            _onCancel = cancellation.UnsafeRegister(static state => ((Reader)state!).Stop(), this);
            _onAbandon = abandoned.UnsafeRegister(static state => ((Reader)state!).Stop(), this);
        }

        /// <summary>The next reader in the buffer's waiting list; read and written under the buffer's lock or by the waker.</summary>
        public Reader? Next { get; set; }

        public void Arm(Reader? next)
        {
            _core.Reset();
            Next = next;
            Volatile.Write(ref _armed, 1);
        }

        public ValueTask WaitAsync()
        {
            // A stop that came before the reader was armed found nothing to complete: it is seen here instead.
            if (_cancellation.IsCancellationRequested || _abandoned.IsCancellationRequested)
            {
                Stop();
            }

            return new ValueTask(this, _core.Version);
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetResult(true);
            }
        }

        public void Dispose()
        {
            _onCancel.Dispose();
            _onAbandon.Dispose();
        }

        void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private void Stop()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                // A reader stopped while still linked stays in the list until the next change takes it, and is skipped then.
                _core.SetException(_cancellation.IsCancellationRequested
                    ? new OperationCanceledException(_cancellation)
                    : new CoachBotException(ErrorCodes.Unavailable, InterruptedMessage));
            }
        }
    }
}
