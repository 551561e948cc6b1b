using System.Collections.Immutable;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Conversations;

/// <summary>One stored message of a conversation: the user's question, CoachBot's reply or a human coach's message.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.TranscriptMessage")]
public sealed record TranscriptMessage
{
    [Id(0)] public required TenantId TenantId { get; init; }
    [Id(1)] public required UserId UserId { get; init; }
    [Id(2)] public required ConversationId ConversationId { get; init; }
    [Id(3)] public required TurnId TurnId { get; init; }
    [Id(4)] public required MessageRole Role { get; init; }
    [Id(5)] public required string Text { get; init; }
    [Id(6)] public required TurnStatus Status { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(9)] public ImmutableArray<Citation> Citations { get; init; } = [];
    [Id(10)] public string? Model { get; init; }
    [Id(11)] public string? ErrorCode { get; init; }
    [Id(12)] public ReplyMetadata? Metadata { get; init; }

    /// <summary>The user's feedback on this reply; null for user messages and replies without feedback.</summary>
    [Id(13)] public TurnFeedback? Feedback { get; init; }

    /// <summary>Where the message was written (see <see cref="TurnChannels"/>); null for messages stored before channels were recorded.</summary>
    [Id(14)] public string? Channel { get; init; }

    /// <summary>The career profile the reply was written with, for coaches; null for user messages and older replies.</summary>
    [Id(15)] public CareerProfile? ProfileSnapshot { get; init; }

    /// <summary>For a human coach's message: the staff member's subject (their identity provider's id); null otherwise.</summary>
    [Id(16)] public string? AuthorId { get; init; }

    /// <summary>For a human coach's message: the name the person sees ("Coach Dana"); null otherwise.</summary>
    [Id(17)] public string? AuthorName { get; init; }
}

/// <summary>A page of a conversation's messages, oldest first.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Messages">The messages, oldest first.</param>
/// <param name="HasMore">True when older messages exist before the first one returned.</param>
[GenerateSerializer, Immutable, Alias("coachbot.ConversationHistory")]
public sealed record ConversationHistory(
    [property: Id(0)] ConversationId ConversationId,
    [property: Id(1)] ImmutableArray<TranscriptMessage> Messages,
    [property: Id(2)] bool HasMore)
{
    /// <summary>
    /// The page as the person reads it: a coach's message shows the coach's name, never their staff id, which stays
    /// with the tenant's staff (transcripts, audit, the full data export).
    /// </summary>
    public ConversationHistory ForPerson() => Messages.Any(m => m.AuthorId is not null)
        ? this with { Messages = [.. Messages.Select(m => m.AuthorId is null ? m : m with { AuthorId = null })] }
        : this;
}
