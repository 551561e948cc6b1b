using System.Threading.Channels;
using CoachBot.Conversations;

namespace CoachBot.Grains.Turns;

/// <summary>
/// The live watchers of one user's conversation. The grain publishes each user message (with the buffer its reply is
/// written into) and each coach message; every watcher reads them in order from its own queue. The queue only holds
/// those events, at human pace: reply text is read by each watcher from the turn's buffer, so a slow watcher gets
/// it coalesced, as <see cref="TurnBuffer"/> does for turn watchers.
/// </summary>
internal sealed class ConversationFeed
{
    private readonly List<Watcher> _watchers = [];

    public Watcher Subscribe()
    {
        var watcher = new Watcher(this);
        _watchers.Add(watcher);
        return watcher;
    }

    /// <summary>Tells every watcher; <paramref name="reply"/> is the buffer of the reply a user message started.</summary>
    public void Publish(ConversationEvent conversationEvent, TurnBuffer? reply = null)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Queue.Writer.TryWrite(new FeedItem(conversationEvent, reply));
        }
    }

    /// <summary>Ends every watch with <paramref name="reason"/>, which each watcher's reader throws; later watchers are not affected.</summary>
    public void CloseAll(Exception reason)
    {
        foreach (var watcher in _watchers.ToArray())
        {
            watcher.Queue.Writer.TryComplete(reason);
        }
    }

    /// <summary>An event, and for a user message the buffer its reply is written into.</summary>
    internal sealed record FeedItem(ConversationEvent Event, TurnBuffer? Reply);

    internal sealed class Watcher(ConversationFeed feed) : IDisposable
    {
        public Channel<FeedItem> Queue { get; } = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true });

        public void Dispose()
        {
            feed._watchers.Remove(this);
            Queue.Writer.TryComplete();
        }
    }
}
