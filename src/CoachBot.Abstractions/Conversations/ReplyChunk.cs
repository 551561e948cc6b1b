using System.Collections.Immutable;
using CoachBot.Ids;

namespace CoachBot.Conversations;

/// <summary>
/// One piece of a streamed reply. <see cref="Offset"/> is the character offset of <see cref="Delta"/> within the whole reply,
/// so a client that reconnects can re-attach from the offset it has seen and receive exactly the rest.
/// The last chunk of a turn carries <see cref="End"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("coachbot.ReplyChunk")]
public sealed record ReplyChunk(
    [property: Id(0)] TurnId TurnId,
    [property: Id(1)] int Offset,
    [property: Id(2)] string Delta,
    [property: Id(3)] TurnEnd? End = null);

/// <summary>How a turn ended.</summary>
/// <param name="Status">Completed, cancelled or failed.</param>
/// <param name="Length">The reply's full length in characters.</param>
/// <param name="Citations">The role-content sections the reply relied on.</param>
/// <param name="ErrorCode">For a failed turn, a stable code (see <see cref="ErrorCodes"/>).</param>
/// <param name="ErrorMessage">For a failed turn, a message to show the user.</param>
/// <param name="Metadata">What CoachBot worked out while answering (intent, career assessment, grounding flags, usage).</param>
[GenerateSerializer, Immutable, Alias("coachbot.TurnEnd")]
public sealed record TurnEnd(
    [property: Id(0)] TurnStatus Status,
    [property: Id(1)] int Length,
    [property: Id(2)] ImmutableArray<Citation> Citations,
    [property: Id(3)] string? ErrorCode = null,
    [property: Id(4)] string? ErrorMessage = null,
    [property: Id(5)] ReplyMetadata? Metadata = null);

/// <summary>Returned when a user message has been stored and its reply has started.</summary>
/// <param name="TurnId">The turn.</param>
/// <param name="ConversationId">The conversation it belongs to.</param>
/// <param name="AcceptedAt">When the user message was stored.</param>
/// <param name="Channel">Where the message came from (see <see cref="TurnChannels"/>).</param>
[GenerateSerializer, Immutable, Alias("coachbot.TurnStarted")]
public sealed record TurnStarted(
    [property: Id(0)] TurnId TurnId,
    [property: Id(1)] ConversationId ConversationId,
    [property: Id(2)] DateTimeOffset AcceptedAt,
    [property: Id(3)] string Channel = TurnChannels.Widget);
