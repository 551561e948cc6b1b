using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Profiles;
using CoachBot.Conversations;
using CoachBot.Grains.FaultInjection;
using CoachBot.Grains.Quotas;
using CoachBot.Grains.Turns;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Storage;
using CoachBot.Tenancy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace CoachBot.Grains.Users;

/// <summary>
/// One person's coaching. A turn is: store the user message (durable before any model call), generate the reply as the
/// grain's own background work while watchers read it from a buffer, then store the reply with how it ended.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle; the activation's lifetime is Orleans' to manage.")]
public sealed partial class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.GrainState)] IPersistentState<UserState> state,
    ITranscriptStore transcripts,
    ICoachingEngine engine,
    IProfileLearning learning,
    ITenantLimits tenantLimits,
    IUserNotifications notifications,
    IOptions<ConversationOptions> options,
    ITurnPhaseHook phases,
    TurnStreams streams,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private const string FailedMessage = "Sorry, I couldn't finish that reply. Your message is saved; please try again.";
    private const int OutcomeStoreAttempts = 4;
    private static readonly TimeSpan OutcomeRetryDelay = TimeSpan.FromMilliseconds(250);
    private const string InterruptedMessage = "This reply was interrupted by a restart. Your message is saved; please ask again.";
    private const int StateWriteAttempts = 4;

    // Background generation and requests interleave on this activation; their state writes must not overlap, or the
    // second would carry a stale ETag.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<Action<UserState>> _unsaved = [];
    private bool _stale;
    private UserKey _user;
    private RunningTurn? _running;
    private RunningTurn? _lastFinished;

    private ConversationOptions Limits => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!UserKey.TryParseGrainKey(this.GetPrimaryKeyString(), out _user))
        {
            throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a user grain key.");
        }

        // The state learns of a turn with its first write after the accept. A person whose state was never written (their
        // first turn cut by a crash before it, or refused by the store) has a conversation the store alone knows: it is
        // taken up from there, with its latest turns, so their history and the next turn's context have it.
        if (state.State.ConversationId is null && await transcripts.FindLatestConversationAsync(_user, cancellationToken) is { } latest)
        {
            var history = await transcripts.ListAsync(_user, latest, Limits.RecentTurnsKept * 2, null, cancellationToken);
            await ChangeInMemoryAsync(current =>
            {
                foreach (var message in history.Messages)
                {
                    RememberTurn(current, message);
                }
            });
        }

        // The process stopped while these turns were generating: record them as interrupted, keeping the text the person
        // already read (the last checkpoint), so they can ask again. The store is asked too: a crash between storing
        // the turn's rows and recording it in the grain's state leaves a streaming row the state does not know about.
        var interrupted = await transcripts.ListStreamingTurnsAsync(_user, cancellationToken);
        if (state.State.RunningTurnId is { } running && !interrupted.Contains(running))
        {
            interrupted = interrupted.Add(running);
        }

        foreach (var turnId in interrupted)
        {
            var stored = await transcripts.GetTurnAsync(_user, turnId, cancellationToken);
            if (stored.FirstOrDefault(m => m.Role == MessageRole.User) is { } asked)
            {
                // A crash before the state's first write after the accept leaves the turn known only to the store.
                await ChangeInMemoryAsync(current => RememberTurn(current, asked));
            }

            var reply = stored.FirstOrDefault(m => m.Role == MessageRole.Assistant);
            if (reply is { Status: not TurnStatus.Streaming })
            {
                // The reply was stored but the state's write after it was not: the stored reply stands as it is.
                await StoreOutcomeAsync(turnId, reply.Text, reply.Status, reply.Citations, reply.Model, reply.ErrorCode, reply.ErrorCode is null ? null : FailedMessage, reply.Metadata);
                continue;
            }

            await StoreOutcomeAsync(turnId, reply?.Text ?? "", TurnStatus.Failed, [], null, ErrorCodes.Interrupted, InterruptedMessage, null);
            LogTurnRecovered(_user.Tenant.Value, _user.User.Value, turnId.ToString());
        }

        // A state written with a larger window (or before the summary existed) shrinks here and is stored so with the next write.
        ConversationMemory.Compact(state.State, Limits);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_running is { } running)
        {
            running.Stop(StopReason.Shutdown);
            await running.Completion.WaitAsync(Limits.ShutdownGrace, timeProvider, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
            if (!running.Completion.IsCompleted)
            {
                // The model call ignores the stop (a hung connection): the activation goes anyway, so everything streamed
                // so far is checkpointed now, and the next activation records it as interrupted.
                Task? pending;
                lock (running.CheckpointSync)
                {
                    pending = running.Checkpoint;
                }

                if (pending is not null)
                {
                    await pending;
                }

                await CheckpointAsync(running.TurnId, running.Buffer.Snapshot());
                streams.Abandoned(_user, running.Buffer);
            }
        }

        if (_unsaved.Count > 0 && !_stale)
        {
            // Changes a refused write left pending (an outcome after a storm of conflicts): the last chance to store them.
            try
            {
                await UpdateStateAsync(static _ => { }, keepIfRefused: true);
            }
            catch (Exception ex)
            {
                LogPendingStateNotStored(ex, _user.Tenant.Value, _user.User.Value);
            }
        }
    }

    public Task<TurnStarted> StartTurnAsync(string text) => StartTurnAsync(text, TurnOrigin.Widget);

    public async Task<TurnStarted> StartTurnAsync(string text, TurnOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (!TurnChannels.IsKnown(origin.Channel))
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "The channel is not one CoachBot knows.");
        }

        var question = ValidateMessage(text);
        if (_running is not null)
        {
            throw new CoachBotException(ErrorCodes.TurnInProgress, "A reply is still being written. Wait for it, or stop it, before sending another message.");
        }

        await DailyQuota.EnsureAvailableAsync(state.State, _user, tenantLimits, GrainFactory, timeProvider);
        var turnId = TurnId.New();
        var conversationId = state.State.ConversationId ??= ConversationId.New();
        var now = timeProvider.GetUtcNow();
        var startedAt = timeProvider.GetTimestamp();
        var running = new RunningTurn(turnId, conversationId)
        {
            CheckpointedAt = startedAt,
            StartedAt = startedAt,
            Activity = TurnTelemetry.Start(_user, turnId, origin.Channel),
        };
        _running = running;
        var accepted = NewMessage(turnId, conversationId, MessageRole.User, question, TurnStatus.Completed, now) with { CompletedAt = now, Channel = origin.Channel };
        try
        {
            // A host that is stopping takes no new message: an accept still waiting for the store gives up, so the stop
            // is not held by it (the silo deactivates this grain only once the call has returned), and the person is
            // told the message was not sent.
            using var accepting = CancellationTokenSource.CreateLinkedTokenSource(running.Token, lifetime.ApplicationStopping);
            await phases.ReachedAsync(TurnPhase.BeforeMessageStored, _user, turnId, accepting.Token);
            using var store = TurnTelemetry.Store("turn.accept");
            await transcripts.AppendAsync(
            [
                accepted,
                NewMessage(turnId, conversationId, MessageRole.Assistant, "", TurnStatus.Streaming, now) with { Channel = origin.Channel },
            ], accepting.Token);
        }
        catch (Exception ex)
        {
            _running = null;
            TurnTelemetry.NotStarted(running, ex);
            running.Dispose();
            if (ex is CoachBotException)
            {
                throw;
            }

            // The store refused (locked, full, read-only): the conversation id this activation chose may not be stored,
            // so the next call starts from the stored state.
            LogMessageNotStored(ex, _user.Tenant.Value, _user.User.Value);
            DeactivateOnIdle();
            throw new CoachBotException(ErrorCodes.Unavailable, "Your message could not be saved just now, so it was not sent. Please try again in a moment.");
        }

        // The stored rows are the turn's durable record (an activation after a crash finds its reply still streaming); the
        // grain's state learns of it in memory and stores it with its next write, at the latest with the turn's outcome,
        // so no second commit stands between the message and the model.
        await ChangeInMemoryAsync(current =>
        {
            RememberTurn(current, accepted);
            current.RunningTurnId = turnId;
            current.ChannelAddress = origin.Address;
            current.TurnCount++;
            current.MessagesToday++;
        });

        // Watchers see the message before any of its reply: nothing is appended to the buffer until generation starts.
        _feed.Publish(new ConversationEvent(ConversationEventKind.UserMessage, Message: accepted), running.Buffer);
        streams.Writes(_user, running.Buffer);

        // The reply is generated as the grain's own work: it runs on this activation and goes on if the caller leaves.
        running.Completion = GenerateAsync(running, question);
        var started = new TurnStarted(turnId, conversationId, now, origin.Channel);
        _ = NotifyTurnStartedAsync(started, origin);
        return started;
    }

    // The other clients of the user learn of the turn from the grain, whichever channel started it; a failed delivery
    // costs them only the live view (they find the turn in the history), so it never fails the turn.
    private async Task NotifyTurnStartedAsync(TurnStarted started, TurnOrigin origin)
    {
        try
        {
            await notifications.TurnStartedAsync(_user, started, origin);
        }
        catch (Exception exception)
        {
            LogNotificationFailed(exception, _user.Tenant.Value, _user.User.Value, started.TurnId.ToString());
        }
    }

    public async IAsyncEnumerable<ReplyChunk> WatchTurnAsync(TurnId turnId, int offset, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (offset < 0)
        {
            throw TurnBuffer.OffsetOutOfRange(offset, 0);
        }

        var buffer = _running?.TurnId == turnId ? _running.Buffer
            : _lastFinished?.TurnId == turnId ? _lastFinished.Buffer
            : null;
        if (buffer is not null)
        {
            await foreach (var chunk in buffer.ReadAsync(offset, cancellationToken))
            {
                yield return chunk;
            }

            yield break;
        }

        var finished = await FindFinishedTurnAsync(turnId, cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.TurnNotFound, "There is no such turn in this conversation.");
        if (offset > finished.Text.Length)
        {
            throw TurnBuffer.OffsetOutOfRange(offset, finished.Text.Length);
        }

        if (offset < finished.Text.Length)
        {
            yield return new ReplyChunk(turnId, offset, finished.Text[offset..]);
        }

        yield return new ReplyChunk(turnId, finished.Text.Length, "", finished.End);
    }

    public Task<bool> CancelTurnAsync(TurnId turnId)
    {
        if (_running?.TurnId == turnId)
        {
            _running.Stop(StopReason.UserCancelled);
            return Task.FromResult(true);
        }

        if (_lastFinished?.TurnId == turnId || state.State.RecentTurns.Exists(t => t.TurnId == turnId) || state.State.EarlierTurns.Exists(t => t.TurnId == turnId))
        {
            return Task.FromResult(false);
        }

        throw new CoachBotException(ErrorCodes.TurnNotFound, "There is no such turn in this conversation.");
    }

    public Task<TurnId?> GetActiveTurnAsync() => Task.FromResult(_running?.TurnId);

    public async Task<ConversationHistory> GetHistoryAsync(int limit, TurnId? beforeTurn = null)
    {
        if (limit < 1 || limit > Limits.MaxHistoryPage)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, $"limit must be between 1 and {Limits.MaxHistoryPage}.");
        }

        if (state.State.ConversationId is not { } conversationId)
        {
            return new ConversationHistory(default, [], false);
        }

        var history = await transcripts.ListAsync(_user, conversationId, limit, beforeTurn);
        if (_running is not { } running)
        {
            return history;
        }

        // Show the reply being written as far as it has got.
        var partial = running.Buffer.Snapshot();
        return history with
        {
            Messages = history.Messages.Select(m => m.TurnId == running.TurnId && m.Role == MessageRole.Assistant ? m with { Text = partial } : m).ToImmutableArray(),
        };
    }

    public async Task<TurnFeedback> SubmitFeedbackAsync(TurnId turnId, FeedbackSubmission feedback)
    {
        var (rating, comment) = FeedbackRules.Validate(feedback);
        var stored = new TurnFeedback(rating, comment, timeProvider.GetUtcNow());
        // The store accepts feedback only on this user's reply rows that have ended, so the check and the write are one step.
        if (await transcripts.SetFeedbackAsync(_user, turnId, stored))
        {
            return stored;
        }

        var turn = await transcripts.GetTurnAsync(_user, turnId);
        throw turn.Any(m => m.Role == MessageRole.Assistant && m.Status == TurnStatus.Streaming)
            ? new CoachBotException(ErrorCodes.TurnInProgress, "The reply is still being written; rate it once it has ended.")
            : new CoachBotException(ErrorCodes.TurnNotFound, "There is no such reply in your conversations.");
    }

    public Task<CareerProfile> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task<CareerProfile> UpdateProfileAsync(ProfileUpdate update)
    {
        var at = timeProvider.GetUtcNow();
        var updated = ProfileEditor.Apply(state.State.Profile, update, at);
        await UpdateStateAsync(current => current.Profile = updated = ProfileEditor.Apply(current.Profile, update, at));
        return updated;
    }

    public async Task<ConversationId> StartNewConversationAsync()
    {
        if (_running is not null)
        {
            throw new CoachBotException(ErrorCodes.TurnInProgress, "A reply is still being written. Wait for it, or stop it, before starting a new conversation.");
        }

        var conversationId = ConversationId.New();
        try
        {
            await UpdateStateAsync(current =>
            {
                current.ConversationId = conversationId;
                current.RecentTurns.Clear();
                current.EarlierTurns.Clear();
                current.ChannelAddress = null;
            });
        }
        catch (Exception ex)
        {
            // This activation's state now holds a conversation the store does not: the next call starts from the stored
            // state, in which the current conversation goes on.
            LogConversationNotStarted(ex, _user.Tenant.Value, _user.User.Value);
            DeactivateOnIdle();
            throw new CoachBotException(ErrorCodes.Unavailable, "A new conversation could not be started just now; the current one goes on. Please try again in a moment.");
        }

        _lastFinished?.Dispose();
        _lastFinished = null;
        _feed.Publish(new ConversationEvent(ConversationEventKind.Snapshot, Snapshot: new ConversationSnapshot(conversationId, [], null, 0)));
        return conversationId;
    }

    public Task<bool> HasStoredDataAsync() => Task.FromResult(state.RecordExists);

    public async Task DeleteAllDataAsync()
    {
        if (_running is { } running)
        {
            running.Stop(StopReason.UserCancelled);
            await running.Completion;
        }

        await transcripts.DeleteUserAsync(_user);
        await _writeGate.WaitAsync();
        try
        {
            await state.ClearStateAsync();
            _unsaved.Clear();
        }
        finally
        {
            _writeGate.Release();
        }

        state.State = new UserState();
        _lastFinished?.Dispose();
        _lastFinished = null;
        DeactivateOnIdle();
    }

    private async Task GenerateAsync(RunningTurn running, string question)
    {
        var learned = ImmutableArray<string>.Empty;
        TurnStatus status;
        string? errorCode = null;
        string? errorMessage = null;
        try
        {
            await phases.ReachedAsync(TurnPhase.MessageStored, _user, running.TurnId, running.Token);
            learned = await LearnFromMessageAsync(running, question);
            var (prior, coachNotes) = PriorConversation(running);
            var request = new CoachingRequest(_user, running.TurnId, state.State.Profile, prior, question, [.. state.State.EarlierTurns.Select(ConversationMemory.ToRequest)], coachNotes);
            // The reply streams off the activation: a chunk goes from the model's socket into the buffer and on to the
            // watchers in this process on the thread that read it, without queueing on the activation. The stream
            // touches only the running turn; the activation takes the result back when it ends.
            await Task.Run(() => StreamReplyAsync(running, request), CancellationToken.None);
            status = TurnStatus.Completed;
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            (status, errorCode, errorMessage) = running.StopReason == StopReason.Shutdown
                ? (TurnStatus.Failed, ErrorCodes.Interrupted, InterruptedMessage)
                : (TurnStatus.Cancelled, null, null);
        }
        catch (Exception ex)
        {
            LogTurnFailed(ex, _user.Tenant.Value, _user.User.Value, running.TurnId.ToString());
            (status, errorCode, errorMessage) = (TurnStatus.Failed, ErrorCodes.ModelFailed, ex is CoachingFailedException ? ex.Message : FailedMessage);
        }

        // What the stream said of the reply, as far as it got.
        var (model, metadata, citations) = (running.Model, running.Metadata, running.Citations);
        if (!learned.IsEmpty)
        {
            metadata = (metadata ?? new ReplyMetadata()) with { ProfileChanges = learned };
        }

        await CountTokensAsync(metadata, running.TurnId);
        await phases.ReachedAsync(TurnPhase.StoringReply, _user, running.TurnId, CancellationToken.None);
        lock (running.CheckpointSync)
        {
            // Until here a checkpoint still falls due by time, so a crash before the outcome keeps what was shown. One
            // still being written need not be waited for: a checkpoint changes only a reply that is still streaming, so
            // whichever commits last, the outcome stands.
            running.CheckpointsClosed = true;
        }

        var text = running.Buffer.Snapshot();
        try
        {
            await StoreOutcomeAsync(running.TurnId, text, status, citations, model, errorCode, errorMessage, metadata);
        }
        catch (Exception ex)
        {
            // The store stayed unavailable through every attempt. The reply row keeps its last checkpoint; the next
            // activation (this one ends when idle) records it as interrupted, from what is stored.
            LogOutcomeNotStored(ex, _user.Tenant.Value, _user.User.Value, running.TurnId.ToString());
            (status, errorCode, errorMessage) = (TurnStatus.Failed, ErrorCodes.Unavailable, "Your reply could not be saved. Please try again.");
            DeactivateOnIdle();
        }
        finally
        {
            running.Buffer.Complete(new TurnEnd(status, text.Length, citations, errorCode, errorMessage, metadata));
            streams.Ended(_user, running.Buffer);
            TurnTelemetry.Ended(running, timeProvider, status, errorCode, model, metadata);
            _lastFinished?.Dispose();
            _lastFinished = running;
            _running = null;
        }
    }

    /// <summary>
    /// Streams the reply into the turn's buffer, checkpointing as it goes; runs off the activation, so it reads and
    /// writes nothing of the grain's but <paramref name="running"/>.
    /// </summary>
    private async Task StreamReplyAsync(RunningTurn running, CoachingRequest request)
    {
        await foreach (var update in engine.StreamReplyAsync(request, running.Token))
        {
            running.Buffer.Append(update.Delta);
            var firstText = !running.FirstTextSeen && update.Delta.Length > 0;
            if (firstText)
            {
                running.FirstTextSeen = true;
                TurnTelemetry.FirstText(running, timeProvider);
            }

            CheckpointIfDue(running);
            running.Model = update.Model ?? running.Model;
            running.Metadata = update.Metadata ?? running.Metadata;
            if (!update.Citations.IsDefaultOrEmpty)
            {
                running.Citations = update.Citations;
            }

            if (firstText)
            {
                await phases.ReachedAsync(TurnPhase.Streaming, _user, running.TurnId, running.Token);
            }
        }
    }

    /// <summary>
    /// The conversation before <paramref name="running"/>: the finished turns, and the human coach's messages with how many
    /// of those turns came before each, so the engine shows them in place and as the coach's words, not its own.
    /// </summary>
    private (ImmutableArray<PriorTurn> Turns, ImmutableArray<CoachNote> CoachNotes) PriorConversation(RunningTurn running)
    {
        var turns = ImmutableArray.CreateBuilder<PriorTurn>();
        var notes = ImmutableArray.CreateBuilder<CoachNote>();
        foreach (var record in state.State.RecentTurns.Where(t => t.TurnId != running.TurnId && t.ConversationId == running.ConversationId && t.Status != TurnStatus.Streaming))
        {
            if (record.CoachName is { } coach)
            {
                notes.Add(new CoachNote(coach, record.Reply, turns.Count));
            }
            else
            {
                turns.Add(new PriorTurn(record.Question, record.Reply, record.Status, record.Metadata, [.. record.Citations]));
            }
        }

        return (turns.ToImmutable(), notes.ToImmutable());
    }

    /// <summary>
    /// Updates the profile from what the user just said about themselves (with the turn as evidence) before the reply is
    /// written, so the reply already uses it. Learning is best effort: a failure here never fails the turn.
    /// </summary>
    private async Task<ImmutableArray<string>> LearnFromMessageAsync(RunningTurn running, string question)
    {
        try
        {
            var before = state.State.Profile;
            var facts = await learning.ExtractAsync(_user.Tenant, question, before, running.Token);
            if (facts.IsEmpty)
            {
                return [];
            }

            // The model read the message against `before`; an edit the person made meanwhile is not overwritten.
            var learned = ProfileFactsApplier.Apply(before, facts, running.TurnId, timeProvider.GetUtcNow());
            var changed = ImmutableArray<string>.Empty;
            if (ProfileChanges.Between(state.State.Profile, ProfileChanges.Merge(before, learned, state.State.Profile)).IsEmpty)
            {
                return [];
            }

            await UpdateStateAsync(current =>
            {
                var after = ProfileChanges.Merge(before, learned, current.Profile);
                changed = ProfileChanges.Between(current.Profile, after);
                current.Profile = after;
            });
            return changed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLearningFailed(ex, _user.Tenant.Value, _user.User.Value, running.TurnId.ToString());
            return [];
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }

    /// <summary>
    /// Stores the reply's text so far when <see cref="ConversationOptions.CheckpointInterval"/> has passed or
    /// <see cref="ConversationOptions.CheckpointCharacters"/> arrived since the last checkpoint. One write at a time, in
    /// the background: the stream never waits for the database. Text that is not stored yet when no further chunk
    /// comes (a model that pauses mid-reply, a write still in flight) is stored once the interval is up, so a pause
    /// never widens what a crash could lose beyond one interval.
    /// </summary>
    private void CheckpointIfDue(RunningTurn running)
    {
        lock (running.CheckpointSync)
        {
            var length = running.Buffer.Length;
            if (running.CheckpointsClosed || length == running.CheckpointedLength)
            {
                return;
            }

            var now = timeProvider.GetTimestamp();
            var since = timeProvider.GetElapsedTime(running.CheckpointedAt, now);
            if (running.Checkpoint is { IsCompleted: false } || (length - running.CheckpointedLength < Limits.CheckpointCharacters && since < Limits.CheckpointInterval))
            {
                if (running.CheckpointTimer is null or { IsCompleted: true })
                {
                    running.CheckpointTimer = CheckpointWhenDueAsync(running, since < Limits.CheckpointInterval ? Limits.CheckpointInterval - since : Limits.CheckpointInterval);
                }

                return;
            }

            running.CheckpointedLength = length;
            running.CheckpointedAt = now;
            running.Checkpoint = CheckpointAsync(running.TurnId, running.Buffer.Snapshot());
        }
    }

    // Runs where the stream runs; ends with the turn's stop, and does nothing once the outcome is being stored.
    private async Task CheckpointWhenDueAsync(RunningTurn running, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, timeProvider, running.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (running.CheckpointSync)
        {
            running.CheckpointTimer = null;
        }

        CheckpointIfDue(running);
    }

    private async Task CheckpointAsync(TurnId turnId, string text)
    {
        try
        {
            using var store = TurnTelemetry.Store("turn.checkpoint");
            await transcripts.CheckpointReplyAsync(_user, turnId, text);
        }
        catch (Exception ex)
        {
            // A missed checkpoint only widens what a crash could lose; the turn itself goes on.
            LogCheckpointFailed(ex, _user.Tenant.Value, _user.User.Value, turnId.ToString());
        }
    }

    private async Task CountTokensAsync(ReplyMetadata? metadata, TurnId turnId)
    {
        var tokens = DailyQuota.TokensOf(metadata);
        if (tokens <= 0)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<ITenantUsageCounterGrain>(_user.Tenant.Value).AddTokensAsync(tokens);
        }
        catch (Exception ex)
        {
            LogUsageNotCounted(ex, _user.Tenant.Value, _user.User.Value, turnId.ToString());
        }
    }

    /// <summary>
    /// Stores a finished turn, retrying a refusing store (a lock held a little too long, a write conflict) a few times with
    /// growing pauses before giving up: a transient fault must not turn a whole reply into a failure.
    /// </summary>
    private async Task StoreOutcomeAsync(
        TurnId turnId, string text, TurnStatus status, ImmutableArray<Citation> citations, string? model, string? errorCode, string? errorMessage, ReplyMetadata? metadata)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RecordOutcomeAsync(turnId, text, status, citations, model, errorCode, errorMessage, CancellationToken.None, metadata);
                return;
            }
            catch (Exception ex) when (attempt < OutcomeStoreAttempts)
            {
                LogOutcomeRetried(ex, _user.Tenant.Value, _user.User.Value, turnId.ToString(), attempt);
                await Task.Delay(OutcomeRetryDelay * (1 << (attempt - 1)), timeProvider);
            }
        }
    }

    private async Task RecordOutcomeAsync(
        TurnId turnId, string text, TurnStatus status, ImmutableArray<Citation> citations, string? model, string? errorCode, string? errorMessage, CancellationToken cancellationToken, ReplyMetadata? metadata = null)
    {
        var now = timeProvider.GetUtcNow();
        using var store = TurnTelemetry.Store("turn.complete");
        await transcripts.CompleteReplyAsync(_user, turnId, new ReplyOutcome(text, status, now, citations, model, errorCode, metadata, state.State.Profile), cancellationToken);
        try
        {
            await UpdateStateAsync(current =>
            {
                if (current.RecentTurns.Find(t => t.TurnId == turnId) is { } record)
                {
                    Ended(record, text, status, now, citations, model, errorCode, errorMessage, metadata);
                }

                if (current.RunningTurnId == turnId)
                {
                    current.RunningTurnId = null;
                }
            }, keepIfRefused: true);
        }
        catch (Exception ex)
        {
            // The transcript holds the outcome, and that is what the person and every reader get; only the stored state
            // lags. The turn and its outcome stay pending in this activation: its next write carries them (read again
            // over another writer's state if need be), and at the latest its deactivation writes them.
            LogStateBehindOutcome(ex, _user.Tenant.Value, _user.User.Value, turnId.ToString());
        }
    }

    private async Task<FinishedTurn?> FindFinishedTurnAsync(TurnId turnId, CancellationToken cancellationToken)
    {
        if (state.State.RecentTurns.Find(t => t.TurnId == turnId) is { Status: not TurnStatus.Streaming, Trimmed: false, CoachName: null } recent)
        {
            return new FinishedTurn(recent.Reply, new TurnEnd(recent.Status, recent.Reply.Length, [.. recent.Citations], recent.ErrorCode, recent.ErrorMessage, recent.Metadata));
        }

        var stored = await transcripts.GetTurnAsync(_user, turnId, cancellationToken);
        return stored.FirstOrDefault(m => m.Role == MessageRole.Assistant && m.Status != TurnStatus.Streaming) is { } reply
            ? new FinishedTurn(reply.Text, new TurnEnd(reply.Status, reply.Text.Length, reply.Citations, reply.ErrorCode, reply.ErrorCode is null ? null : FailedMessage, reply.Metadata))
            : null;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the state and writes it, with every change applied in memory since the last
    /// write. When another writer moved the stored state on (an ETag conflict: a second activation in a cluster, an
    /// operator's repair), the stored state is read and those changes applied again on top of it, a few times before the
    /// conflict is thrown; so each change must give the same result applied to either. A change the store refuses is
    /// taken back (the caller is told it did not happen), unless <paramref name="keepIfRefused"/>: a change that records
    /// what is already stored elsewhere (a reply's outcome) stays pending, and the next write carries it.
    /// </summary>
    private async Task UpdateStateAsync(Action<UserState> change, bool keepIfRefused = false)
    {
        await _writeGate.WaitAsync();
        try
        {
            change(state.State);
            _unsaved.Add(change);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await state.WriteStateAsync();
                    _unsaved.Clear();
                    return;
                }
                catch (InconsistentStateException ex) when (attempt < StateWriteAttempts)
                {
                    LogStateConflict(ex, _user.Tenant.Value, _user.User.Value, attempt);
                    await ReadStateAgainAsync();
                }
                catch when (!keepIfRefused)
                {
                    _unsaved.Remove(change);
                    await TakeBackAsync();
                    throw;
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The stored state, with the changes still pending applied on top.</summary>
    private async Task ReadStateAgainAsync()
    {
        await state.ReadStateAsync();
        foreach (var pending in _unsaved)
        {
            pending(state.State);
        }
    }

    private async Task TakeBackAsync()
    {
        try
        {
            await ReadStateAgainAsync();
        }
        catch (Exception ex)
        {
            // The state in memory keeps the refused change: this activation ends when idle, before any later write of it
            // could store what the caller was told did not happen; the next starts from what is stored.
            LogStateNotTakenBack(ex, _user.Tenant.Value, _user.User.Value);
            _unsaved.Clear();
            _stale = true;
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Records a stored message's turn in the state, once, in its conversation: the person's message opens it, a reply
    /// that has ended gives its outcome.
    /// </summary>
    private void RememberTurn(UserState current, TranscriptMessage message)
    {
        current.ConversationId ??= message.ConversationId;
        if (current.ConversationId != message.ConversationId)
        {
            return;
        }

        var record = current.RecentTurns.Find(t => t.TurnId == message.TurnId);
        if (message.Role == MessageRole.User && record is null)
        {
            current.RecentTurns.Add(new TurnRecord { TurnId = message.TurnId, ConversationId = message.ConversationId, Question = message.Text, StartedAt = message.CreatedAt });
            ConversationMemory.Compact(current, Limits);
        }
        else if (message is { Role: MessageRole.Assistant, Status: not TurnStatus.Streaming } && record is { Status: TurnStatus.Streaming })
        {
            Ended(record, message.Text, message.Status, message.CompletedAt ?? message.CreatedAt, message.Citations, message.Model, message.ErrorCode,
                message.ErrorCode is null ? null : FailedMessage, message.Metadata);
        }
    }

    private static void Ended(
        TurnRecord record, string text, TurnStatus status, DateTimeOffset at, ImmutableArray<Citation> citations, string? model, string? errorCode, string? errorMessage, ReplyMetadata? metadata)
    {
        record.Reply = text;
        record.Status = status;
        record.EndedAt = at;
        record.Citations = [.. citations];
        record.Model = model;
        record.ErrorCode = errorCode;
        record.ErrorMessage = errorMessage;
        record.Metadata = metadata;
    }

    /// <summary>Applies <paramref name="change"/> to the state in memory; the next write stores it.</summary>
    private async Task ChangeInMemoryAsync(Action<UserState> change)
    {
        // Not while a write is in flight: it could store part of the change, then count it as stored.
        await _writeGate.WaitAsync();
        try
        {
            change(state.State);
            _unsaved.Add(change);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private string ValidateMessage(string? text)
    {
        var question = text?.Trim() ?? "";
        if (question.Length == 0)
        {
            throw new CoachBotException(ErrorCodes.MessageEmpty, "The message is empty.");
        }

        if (question.Length > Limits.MaxMessageLength)
        {
            throw new CoachBotException(ErrorCodes.MessageTooLong, $"The message is longer than {Limits.MaxMessageLength} characters.");
        }

        return question;
    }

    private TranscriptMessage NewMessage(TurnId turnId, ConversationId conversationId, MessageRole role, string text, TurnStatus status, DateTimeOffset at) => new()
    {
        TenantId = _user.Tenant,
        UserId = _user.User,
        ConversationId = conversationId,
        TurnId = turnId,
        Role = role,
        Text = text,
        Status = status,
        CreatedAt = at,
    };

    private sealed record FinishedTurn(string Text, TurnEnd End);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the streamed text of {TenantId} {UserId} turn {TurnId}")]
    private partial void LogCheckpointFailed(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn failed for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogTurnFailed(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn outcome could not be stored for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogOutcomeNotStored(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile learning failed for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogLearningFailed(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token usage could not be counted for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogUsageNotCounted(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clients of {TenantId} {UserId} could not be told that turn {TurnId} started")]
    private partial void LogNotificationFailed(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The message of {TenantId} {UserId} could not be stored; it was refused")]
    private partial void LogMessageNotStored(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the outcome of {TenantId} {UserId} turn {TurnId} failed (attempt {Attempt}); retrying")]
    private partial void LogOutcomeRetried(Exception exception, string tenantId, string userId, string turnId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of {TenantId} {UserId} turn {TurnId} is stored, but the grain state could not be written after it")]
    private partial void LogStateBehindOutcome(Exception exception, string tenantId, string userId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A refused change to the state of {TenantId} {UserId} could not be taken back; the activation ends when idle")]
    private partial void LogStateNotTakenBack(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changes to the state of {TenantId} {UserId} could not be stored before its activation ended")]
    private partial void LogPendingStateNotStored(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of {TenantId} {UserId} was written by another writer (attempt {Attempt}); reading it and writing again")]
    private partial void LogStateConflict(Exception exception, string tenantId, string userId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A new conversation for {TenantId} {UserId} could not be stored")]
    private partial void LogConversationNotStarted(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recorded interrupted turn for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogTurnRecovered(string tenantId, string userId, string turnId);
}
