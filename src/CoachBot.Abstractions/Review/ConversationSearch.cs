using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Review;

/// <summary>One conversation of one user of a tenant.</summary>
/// <param name="User">Tenant and user.</param>
/// <param name="Conversation">The conversation.</param>
public readonly record struct ConversationKey(UserKey User, ConversationId Conversation);

/// <summary>What the coach console searches conversations by; every part is optional.</summary>
public sealed record ConversationFilter
{
    /// <summary>Free text matched by the database's full-text index against any message of the conversation.</summary>
    public string? Text { get; init; }

    public UserId? User { get; init; }

    /// <summary>The conversation had a message at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The conversation started before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>A message was written in this channel (see <see cref="TurnChannels"/>).</summary>
    public string? Channel { get; init; }

    /// <summary>A reply was answered as this intent.</summary>
    public string? Intent { get; init; }

    /// <summary>The user rated a reply this way.</summary>
    public FeedbackRating? Rating { get; init; }

    /// <summary>True: a coach flagged it; false: nobody did.</summary>
    public bool? Flagged { get; init; }

    /// <summary>A reply ended this way.</summary>
    public TurnStatus? Status { get; init; }

    /// <summary>Only conversations whose latest message is older than this position (the previous page's cursor).</summary>
    public long? Before { get; init; }

    public int Limit { get; init; } = 50;
}

/// <summary>A conversation as the console lists it.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Channel">The channel of its first message.</param>
/// <param name="StartedAt">Its first message's time.</param>
/// <param name="LastMessageAt">Its latest message's time.</param>
/// <param name="MessageCount">User messages and replies.</param>
/// <param name="Intents">Intents of its replies.</param>
/// <param name="Rating">The lowest rating the user gave a reply.</param>
/// <param name="Flags">Flags in any state.</param>
/// <param name="OpenFlags">Flags not resolved.</param>
/// <param name="FailedTurns">Failed replies.</param>
/// <param name="CancelledTurns">Stopped replies.</param>
/// <param name="Tags">Coaches' tags.</param>
/// <param name="Snippet">The matching message (with search text) or the last user message, shortened.</param>
/// <param name="Position">Where its latest message stands in storage order; the next page starts below it.</param>
public sealed record ConversationSummary(
    UserId UserId,
    ConversationId ConversationId,
    string? Channel,
    DateTimeOffset StartedAt,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    IReadOnlyList<string> Intents,
    FeedbackRating? Rating,
    int Flags,
    int OpenFlags,
    int FailedTurns,
    int CancelledTurns,
    IReadOnlyList<string> Tags,
    string? Snippet,
    long Position);

/// <summary>A page of conversations, most recently active first.</summary>
/// <param name="Items">The conversations.</param>
/// <param name="NextBefore">The <see cref="ConversationFilter.Before"/> of the next page; null on the last.</param>
public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Items, long? NextBefore);

/// <summary>Activity of consenting users in one day or week.</summary>
/// <param name="Start">The bucket's first day (UTC).</param>
/// <param name="Conversations">Conversations with a message in it.</param>
/// <param name="Turns">User messages in it.</param>
/// <param name="Failed">Failed replies in it.</param>
/// <param name="FlaggedConversations">Of those conversations, the ones a coach flagged.</param>
/// <param name="RatedUp">Replies in it rated up.</param>
/// <param name="RatedDown">Replies in it rated down.</param>
/// <param name="Intents">Replies in it per intent.</param>
public sealed record ActivityBucket(
    DateOnly Start,
    int Conversations,
    int Turns,
    int Failed,
    int FlaggedConversations,
    int RatedUp,
    int RatedDown,
    IReadOnlyDictionary<string, int> Intents);
