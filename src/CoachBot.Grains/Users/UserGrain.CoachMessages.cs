using System.Runtime.CompilerServices;
using CoachBot.Conversations;
using CoachBot.Grains.Turns;
using CoachBot.Ids;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace CoachBot.Grains.Users;

/// <summary>A human coach in the conversation: their messages, and watching the conversation live.</summary>
public sealed partial class UserGrain
{
    private const int MaxAuthorLength = 200;

    private readonly ConversationFeed _feed = new();

    public async Task<CoachMessage> AddCoachMessageAsync(CoachMessageDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var text = ValidateMessage(draft.Text);
        if (string.IsNullOrWhiteSpace(draft.AuthorId) || string.IsNullOrWhiteSpace(draft.AuthorName)
            || draft.AuthorId.Length > MaxAuthorLength || draft.AuthorName.Length > MaxAuthorLength)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "A coach message needs its author's id and name.");
        }

        // Stored in the transcript first, as one row of its own: it sorts after everything stored before it, a running
        // turn's reply included, and its id pages with the turns.
        var id = TurnId.New();
        var now = timeProvider.GetUtcNow();
        var conversationId = state.State.ConversationId ?? ConversationId.New();
        var message = NewMessage(id, conversationId, MessageRole.Coach, text, TurnStatus.Completed, now) with
        {
            CompletedAt = now,
            Channel = TurnChannels.Coach,
            AuthorId = draft.AuthorId.Trim(),
            AuthorName = draft.AuthorName.Trim(),
        };
        try
        {
            await transcripts.AppendAsync([message]);
        }
        catch (Exception ex)
        {
            LogCoachMessageNotStored(ex, _user.Tenant.Value, _user.User.Value);
            throw new CoachBotException(ErrorCodes.Unavailable, "The message could not be saved just now, so it was not sent. Please try again in a moment.");
        }

        // Kept among the recent turns so later prompts show it, as what a human coach said; in the conversation it was
        // stored in, so a conversation another writer started meanwhile is not taken back.
        try
        {
            await UpdateStateAsync(current =>
            {
                current.ConversationId ??= conversationId;
                if (current.ConversationId == conversationId && !current.RecentTurns.Exists(t => t.TurnId == id))
                {
                    current.RecentTurns.Add(new TurnRecord
                    {
                        TurnId = id,
                        ConversationId = conversationId,
                        Question = "",
                        Reply = text,
                        Status = TurnStatus.Completed,
                        StartedAt = now,
                        EndedAt = now,
                        CoachName = message.AuthorName,
                    });
                    ConversationMemory.Compact(current, Limits);
                }
            });
        }
        catch (Exception ex)
        {
            // The transcript has it (coaches and the person see it); only the model's view of the conversation misses it.
            // Other writers that kept moving the state on leave this activation's copy behind theirs: it ends when idle,
            // and the next one starts from what is stored.
            LogCoachMessageNotRemembered(ex, _user.Tenant.Value, _user.User.Value);
            if (ex is InconsistentStateException)
            {
                DeactivateOnIdle();
            }
        }

        _feed.Publish(new ConversationEvent(ConversationEventKind.CoachMessage, Message: message));
        var pushed = new CoachMessage(id, conversationId, text, message.AuthorName!, now);
        _ = NotifyCoachMessageAsync(pushed, state.State.ChannelAddress);
        return pushed;
    }

    public async IAsyncEnumerable<ConversationEvent> WatchConversationAsync(int limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (limit < 1 || limit > Limits.MaxHistoryPage)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, $"limit must be between 1 and {Limits.MaxHistoryPage}.");
        }

        // Subscribed before the history is read: what happens during the read is queued, and what the read already
        // holds is skipped when it comes out of the queue.
        using var watcher = _feed.Subscribe();
        var (snapshot, following) = await SnapshotAsync(limit, cancellationToken);
        var seen = snapshot.Messages.Where(m => m.Role != MessageRole.Assistant).Select(m => m.TurnId).ToHashSet();
        var offset = snapshot.RunningOffset;
        yield return new ConversationEvent(ConversationEventKind.Snapshot, Snapshot: snapshot);

        var reader = watcher.Queue.Reader;
        // One wait on the queue at a time, kept across the waits on the reply, so waiters never pile up.
        Task<bool>? queued = null;
        while (true)
        {
            while (reader.TryRead(out var item))
            {
                if (item.Event.Message is { } message && !seen.Add(message.TurnId))
                {
                    continue;
                }

                if (item.Reply is { } next)
                {
                    // A new turn starts only after the previous one ended: its last text and end come first.
                    if (following is not null)
                    {
                        foreach (var rest in Drain(following, offset))
                        {
                            yield return rest;
                        }
                    }

                    (following, offset) = (next, 0);
                }

                yield return item.Event;
            }

            queued ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            if (following is null)
            {
                if (!await queued)
                {
                    yield break;
                }

                queued = null;
                continue;
            }

            var (delta, end, changed) = following.Peek(offset);
            if (delta.Length > 0)
            {
                yield return new ConversationEvent(ConversationEventKind.ReplyChunk, Chunk: new ReplyChunk(following.TurnId, offset, delta));
                offset += delta.Length;
                continue;
            }

            if (end is not null)
            {
                yield return new ConversationEvent(ConversationEventKind.ReplyEnded, Chunk: new ReplyChunk(following.TurnId, offset, "", end));
                following = null;
                continue;
            }

            await Task.WhenAny(changed, queued).WaitAsync(cancellationToken);
            if (queued.IsCompleted)
            {
                // A feed closed under the watcher (consent withdrawn) ends the watch at once, with its reason.
                if (!await queued)
                {
                    yield break;
                }

                queued = null;
            }
        }
    }

    public Task EndWatchesAsync()
    {
        _feed.CloseAll(new CoachBotException(ErrorCodes.ConsentRequired, "The person withdrew their consent to coaching review."));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The latest messages with the running reply as far as it has got. Nothing runs on the activation between the end of
    /// the read and the return, so the snapshot's text and the offset the watcher continues from agree exactly.
    /// </summary>
    private async Task<(ConversationSnapshot Snapshot, TurnBuffer? Following)> SnapshotAsync(int limit, CancellationToken cancellationToken)
    {
        var conversationId = state.State.ConversationId;
        var messages = conversationId is { } id ? (await transcripts.ListAsync(_user, id, limit, null, cancellationToken)).Messages : [];
        var running = _running;
        var finished = _lastFinished;
        messages = [.. messages.Select(m => m switch
        {
            { Role: MessageRole.Assistant, Status: TurnStatus.Streaming } when m.TurnId == running?.TurnId => m with { Text = running.Buffer.Snapshot() },
            // Ended while the read was under way: the row read may still say streaming.
            { Role: MessageRole.Assistant, Status: TurnStatus.Streaming } when m.TurnId == finished?.TurnId && finished.Buffer.End is { } end =>
                m with { Text = finished.Buffer.Snapshot(), Status = end.Status, ErrorCode = end.ErrorCode },
            _ => m,
        })];

        // A turn accepted while the history was read is not in it: its user message is still queued, and the watcher
        // follows its reply from the start when it gets there.
        if (running is not null && messages.Any(m => m.TurnId == running.TurnId && m.Role == MessageRole.User))
        {
            var text = messages.First(m => m.TurnId == running.TurnId && m.Role == MessageRole.Assistant).Text;
            return (new ConversationSnapshot(conversationId ?? default, messages, running.TurnId, text.Length), running.Buffer);
        }

        return (new ConversationSnapshot(conversationId ?? default, messages, null, 0), null);
    }

    private static IEnumerable<ConversationEvent> Drain(TurnBuffer buffer, int offset)
    {
        var (delta, end, _) = buffer.Peek(offset);
        if (delta.Length > 0)
        {
            yield return new ConversationEvent(ConversationEventKind.ReplyChunk, Chunk: new ReplyChunk(buffer.TurnId, offset, delta));
        }

        if (end is not null)
        {
            yield return new ConversationEvent(ConversationEventKind.ReplyEnded, Chunk: new ReplyChunk(buffer.TurnId, offset + delta.Length, "", end));
        }
    }

    private async Task NotifyCoachMessageAsync(CoachMessage message, ChannelAddress? address)
    {
        try
        {
            await notifications.CoachMessageAsync(_user, message, address);
        }
        catch (Exception exception)
        {
            LogCoachMessageNotPushed(exception, _user.Tenant.Value, _user.User.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A coach message to {TenantId} {UserId} could not be stored")]
    private partial void LogCoachMessageNotStored(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A coach message to {TenantId} {UserId} was stored but the grain state was not written")]
    private partial void LogCoachMessageNotRemembered(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A coach message to {TenantId} {UserId} could not be pushed")]
    private partial void LogCoachMessageNotPushed(Exception exception, string tenantId, string userId);
}
