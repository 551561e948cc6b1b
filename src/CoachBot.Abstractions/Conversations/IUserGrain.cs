using CoachBot.Ids;
using CoachBot.Profiles;
using Orleans.Concurrency;

namespace CoachBot.Conversations;

/// <summary>
/// One person's coaching: their career profile and their conversation. Keyed by <see cref="UserKey.ToGrainKey"/>.
/// One turn runs at a time; reads and watchers interleave with a running turn and never wait for it.
/// </summary>
[Alias("coachbot.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the user's message durably, then starts generating the reply as the grain's own work (it continues if the
    /// caller goes away). Fails with <see cref="ErrorCodes.MessageEmpty"/>, <see cref="ErrorCodes.MessageTooLong"/> or
    /// <see cref="ErrorCodes.TurnInProgress"/>.
    /// </summary>
    [Alias("StartTurn")]
    Task<TurnStarted> StartTurnAsync(string text);

    /// <summary>
    /// <see cref="StartTurnAsync(string)"/> from a named channel: the channel is stored with the messages, and every open
    /// client of the user except <see cref="TurnOrigin.ClientId"/> is told the turn started.
    /// </summary>
    [Alias("StartTurnFrom")]
    Task<TurnStarted> StartTurnAsync(string text, TurnOrigin origin);

    /// <summary>
    /// Streams a turn's reply from <paramref name="offset"/> (characters already seen) to its end, the last chunk carrying
    /// how it ended. Works for the running turn and for recent finished ones. Fails with <see cref="ErrorCodes.TurnNotFound"/>
    /// or <see cref="ErrorCodes.OffsetOutOfRange"/>. Cancelling the enumeration detaches the watcher; the turn goes on.
    /// </summary>
    [Alias("WatchTurn"), AlwaysInterleave]
    IAsyncEnumerable<ReplyChunk> WatchTurnAsync(TurnId turnId, int offset, CancellationToken cancellationToken = default);

    /// <summary>Stops the running turn; what was generated so far is stored with status cancelled. False when it had already ended.</summary>
    [Alias("CancelTurn"), AlwaysInterleave]
    Task<bool> CancelTurnAsync(TurnId turnId);

    /// <summary>The running turn, if any, so a client can re-attach to it.</summary>
    [Alias("GetActiveTurn"), AlwaysInterleave]
    Task<TurnId?> GetActiveTurnAsync();

    /// <summary>The most recent messages of the current conversation, oldest first, optionally before a turn.</summary>
    [Alias("GetHistory"), AlwaysInterleave]
    Task<ConversationHistory> GetHistoryAsync(int limit, TurnId? beforeTurn = null);

    /// <summary>
    /// Records the user's rating (and optional comment) of one of their replies that has ended, replacing earlier feedback
    /// on it. Fails with <see cref="ErrorCodes.InvalidArgument"/> (rating not "up"/"down", comment too long),
    /// <see cref="ErrorCodes.TurnNotFound"/> (no such reply of this user) or <see cref="ErrorCodes.TurnInProgress"/>
    /// (the reply is still being written).
    /// </summary>
    [Alias("SubmitFeedback")]
    Task<TurnFeedback> SubmitFeedbackAsync(TurnId turnId, FeedbackSubmission feedback);

    /// <summary>
    /// Stores a human coach's message in the current conversation, in order with the turns, and pushes it to the person
    /// (the widget, and the Slack or Teams conversation their last message came from). Fails with
    /// <see cref="ErrorCodes.MessageEmpty"/>, <see cref="ErrorCodes.MessageTooLong"/>, <see cref="ErrorCodes.InvalidArgument"/>
    /// (no author) or <see cref="ErrorCodes.Unavailable"/> (not stored).
    /// </summary>
    [Alias("AddCoachMessage")]
    Task<CoachMessage> AddCoachMessageAsync(CoachMessageDraft draft);

    /// <summary>
    /// Streams the current conversation for someone watching it live: a snapshot (the latest <paramref name="limit"/>
    /// messages and the running reply's text so far), then every user message, reply chunk, reply end and coach message
    /// as it happens, with no gap or repeat between the snapshot and what follows. Fails with
    /// <see cref="ErrorCodes.InvalidArgument"/> (limit out of range). Cancelling the enumeration detaches the watcher.
    /// </summary>
    [Alias("WatchConversation"), AlwaysInterleave]
    IAsyncEnumerable<ConversationEvent> WatchConversationAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends every open watch of the conversation with <see cref="ErrorCodes.ConsentRequired"/>: the person withdrew their
    /// consent to coaching review, so nobody may go on reading along.
    /// </summary>
    [Alias("EndWatches"), AlwaysInterleave]
    Task EndWatchesAsync();

    /// <summary>The career profile.</summary>
    [Alias("GetProfile"), AlwaysInterleave]
    Task<CareerProfile> GetProfileAsync();

    /// <summary>Applies the user's corrections to the profile. Fails with <see cref="ErrorCodes.ProfileInvalid"/>.</summary>
    [Alias("UpdateProfile")]
    Task<CareerProfile> UpdateProfileAsync(ProfileUpdate update);

    /// <summary>Starts a fresh conversation (the old one stays in the transcript). Fails with <see cref="ErrorCodes.TurnInProgress"/>.</summary>
    [Alias("StartNewConversation")]
    Task<ConversationId> StartNewConversationAsync();

    /// <summary>True when the user has stored state (a profile, a conversation or counted messages).</summary>
    [Alias("HasStoredData"), AlwaysInterleave]
    Task<bool> HasStoredDataAsync();

    /// <summary>
    /// Erases the user: stops a running turn, deletes every transcript message of the user and clears the grain's stored
    /// state. Afterwards the profile is empty and there is no conversation.
    /// </summary>
    [Alias("DeleteAllData")]
    Task DeleteAllDataAsync();

    /// <summary>
    /// Drops the remembered turns that started before <paramref name="cutoff"/> from the grain's stored state (the
    /// retention sweep calls it before deleting the same turns from the transcript store); returns how many went.
    /// </summary>
    [Alias("ForgetTurnsBefore")]
    Task<int> ForgetTurnsBeforeAsync(DateTimeOffset cutoff);
}
