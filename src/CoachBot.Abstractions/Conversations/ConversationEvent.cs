using System.Collections.Immutable;
using CoachBot.Ids;

namespace CoachBot.Conversations;

/// <summary>What happened in a watched conversation; see <see cref="IUserGrain.WatchConversationAsync"/>.</summary>
[GenerateSerializer]
public enum ConversationEventKind
{
    /// <summary>The conversation as it stands (<see cref="ConversationEvent.Snapshot"/>): first, and again when a new conversation starts.</summary>
    Snapshot = 0,

    /// <summary>The person's message was stored and its reply started (<see cref="ConversationEvent.Message"/>).</summary>
    UserMessage = 1,

    /// <summary>More of the reply being written (<see cref="ConversationEvent.Chunk"/>, from its offset).</summary>
    ReplyChunk = 2,

    /// <summary>The reply ended (<see cref="ConversationEvent.Chunk"/> with <see cref="ReplyChunk.End"/>: status, error code).</summary>
    ReplyEnded = 3,

    /// <summary>A human coach's message was stored (<see cref="ConversationEvent.Message"/>, role coach).</summary>
    CoachMessage = 4,
}

/// <summary>One event of a watched conversation; which member is set depends on <see cref="Kind"/>.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.ConversationEvent")]
public sealed record ConversationEvent(
    [property: Id(0)] ConversationEventKind Kind,
    [property: Id(1)] ConversationSnapshot? Snapshot = null,
    [property: Id(2)] TranscriptMessage? Message = null,
    [property: Id(3)] ReplyChunk? Chunk = null);

/// <summary>
/// The recent messages of the current conversation, oldest first, with the running reply's text so far. When
/// <see cref="RunningTurnId"/> is set, the events that follow continue that reply from <see cref="RunningOffset"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("coachbot.ConversationSnapshot")]
public sealed record ConversationSnapshot(
    [property: Id(0)] ConversationId ConversationId,
    [property: Id(1)] ImmutableArray<TranscriptMessage> Messages,
    [property: Id(2)] TurnId? RunningTurnId,
    [property: Id(3)] int RunningOffset);
