using CoachBot.Ids;

namespace CoachBot.Conversations;

/// <summary>What a human coach asks to add to a person's conversation; the author comes from the coach's staff identity.</summary>
/// <param name="Text">The message (trimmed; at most <c>Conversation:MaxMessageLength</c> characters).</param>
/// <param name="AuthorId">The staff member's subject.</param>
/// <param name="AuthorName">The name the person sees.</param>
[GenerateSerializer, Immutable, Alias("coachbot.CoachMessageDraft")]
public sealed record CoachMessageDraft(
    [property: Id(0)] string Text,
    [property: Id(1)] string AuthorId,
    [property: Id(2)] string AuthorName);

/// <summary>A human coach's message as stored in the conversation and pushed to the person.</summary>
/// <param name="Id">The message's id (a turn id of its own, so it pages with the turns).</param>
/// <param name="ConversationId">The conversation it belongs to.</param>
/// <param name="Text">What the coach wrote.</param>
/// <param name="AuthorName">The coach's name as the person sees it.</param>
/// <param name="At">When it was stored.</param>
[GenerateSerializer, Immutable, Alias("coachbot.CoachMessage")]
public sealed record CoachMessage(
    [property: Id(0)] TurnId Id,
    [property: Id(1)] ConversationId ConversationId,
    [property: Id(2)] string Text,
    [property: Id(3)] string AuthorName,
    [property: Id(4)] DateTimeOffset At);
