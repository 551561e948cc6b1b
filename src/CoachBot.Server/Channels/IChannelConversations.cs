using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Server.Channels;

/// <summary>
/// What every chat platform adapter does with the coach, the same way the hub does it for the widget: a platform account
/// acts as one CoachBot user, and its messages become turns of that user's grain.
/// </summary>
public interface IChannelConversations
{
    /// <summary>
    /// The CoachBot user the account acts as: the widget user it is linked to, else its own user (made on first contact
    /// with a random id, never derived from the platform's ids).
    /// </summary>
    Task<UserKey> ResolveUserAsync(TenantId tenant, ChannelAccount account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a permit of the user's and tenant's rate limits, then starts a turn from the account's channel. Throws
    /// <see cref="CoachBotException"/> (message_empty, message_too_long, turn_in_progress, rate_limited, quota_exceeded).
    /// <paramref name="address"/> is where the conversation with the person is, for a human coach's later messages.
    /// </summary>
    Task<TurnStarted> StartTurnAsync(UserKey user, ChannelAccount account, string text, ChannelAddress address, CancellationToken cancellationToken = default);

    /// <summary>The turn's reply from its start to its end; the last chunk carries how it ended.</summary>
    IAsyncEnumerable<ReplyChunk> WatchAsync(UserKey user, TurnId turnId, CancellationToken cancellationToken = default);

    /// <summary>Starts a new conversation for the user.</summary>
    Task<ConversationId> StartNewConversationAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>Records the user's rating of a reply.</summary>
    Task<TurnFeedback> SubmitFeedbackAsync(UserKey user, TurnId turnId, FeedbackSubmission feedback, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links the account to the widget user who asked for <paramref name="code"/> (single use, short-lived). Attempts count
    /// against the account's rate limit, so codes cannot be guessed.
    /// </summary>
    Task<ChannelLinkResult> LinkAsync(TenantId tenant, ChannelAccount account, string code, CancellationToken cancellationToken = default);

    /// <summary>Undoes the account's link; false when it was not linked.</summary>
    Task<bool> UnlinkAsync(TenantId tenant, ChannelAccount account, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a link attempt.</summary>
/// <param name="Linked">True when the account now acts as <paramref name="User"/>.</param>
/// <param name="User">The widget user it is linked to.</param>
/// <param name="ErrorCode"><c>link_code_invalid</c> (unknown, used or expired) or <c>rate_limited</c> when not linked.</param>
public sealed record ChannelLinkResult(bool Linked, UserKey? User, string? ErrorCode)
{
    /// <summary>Linked to <paramref name="user"/>.</summary>
    public static ChannelLinkResult Success(UserKey user) => new(true, user, null);

    /// <summary>Not linked, for the reason <paramref name="errorCode"/>.</summary>
    public static ChannelLinkResult Failure(string errorCode) => new(false, null, errorCode);
}
