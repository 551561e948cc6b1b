using System.Collections.Concurrent;
using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Grains.Turns;

/// <summary>
/// Where a reply is read from. A reply being written by a grain activation in this process is read straight from its
/// buffer, so a streamed chunk costs no grain call; any other turn (one on another silo, one already finished, one that
/// does not exist) is read through the user's grain, which checks it. The key is the reader's own user with the turn id,
/// so a turn id of another person's never finds their buffer.
/// </summary>
public sealed class TurnStreams(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<(UserKey User, TurnId Turn), Writer> _writing = new();

    /// <summary>
    /// The reply from <paramref name="offset"/> on, as it is written, then its end; the same chunks and errors as
    /// <see cref="IUserGrain.WatchTurnAsync"/>. Cancelling the enumeration detaches the reader; the turn goes on.
    /// </summary>
    public IAsyncEnumerable<ReplyChunk> WatchAsync(UserKey user, TurnId turnId, int offset, CancellationToken cancellationToken = default) =>
        _writing.TryGetValue((user, turnId), out var writer)
            ? writer.Buffer.ReadUntilAbandonedAsync(offset, writer.Abandoned, cancellationToken)
            : grains.GetUserGrain(user).WatchTurnAsync(turnId, offset, cancellationToken);

    internal bool IsWriting(UserKey user, TurnId turnId) => _writing.ContainsKey((user, turnId));

    /// <summary>The user's grain started writing <paramref name="buffer"/> in this process.</summary>
    internal void Writes(UserKey user, TurnBuffer buffer) => _writing[(user, buffer.TurnId)] = new Writer(buffer);

    /// <summary>The buffer has its end: readers from now on go through the grain, which keeps the finished turn.</summary>
    internal void Ended(UserKey user, TurnBuffer buffer) => Remove(user, buffer)?.Dispose();

    /// <summary>
    /// The activation went away while the buffer was still being written (a model call that ignored the stop): its readers
    /// are told the reply is unavailable, as a reader through the gone activation would be, and read it again later from
    /// what the next activation recorded.
    /// </summary>
    internal void Abandoned(UserKey user, TurnBuffer buffer)
    {
        if (Remove(user, buffer) is { } writer)
        {
            writer.Gone.Cancel();
            writer.Dispose();
        }
    }

    private Writer? Remove(UserKey user, TurnBuffer buffer) =>
        _writing.TryGetValue((user, buffer.TurnId), out var writer) && writer.Buffer == buffer
        && _writing.TryRemove(new KeyValuePair<(UserKey, TurnId), Writer>((user, buffer.TurnId), writer))
            ? writer
            : null;

    private sealed class Writer(TurnBuffer buffer) : IDisposable
    {
        public TurnBuffer Buffer { get; } = buffer;

        public CancellationTokenSource Gone { get; } = new();

        /// <summary>Fires when the activation went away mid-reply; none once the buffer has its end and the writer is disposed.</summary>
        public CancellationToken Abandoned
        {
            get
            {
                try
                {
                    return Gone.Token;
                }
                catch (ObjectDisposedException)
                {
                    // Ended between the lookup and here: the buffer has its end, and reading it to that end is all there is.
                    return CancellationToken.None;
                }
            }
        }

        public void Dispose() => Gone.Dispose();
    }
}
