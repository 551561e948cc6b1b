using System.Collections.Immutable;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Storage;

/// <summary>
/// The full, durable record of every conversation. Every query is scoped by a <see cref="UserKey"/>
/// (tenant and user), so one tenant's rows are unreachable from another's.
/// </summary>
public interface ITranscriptStore
{
    /// <summary>
    /// Stores new messages, all or none (a turn's user message and its reply placeholder go in together).
    /// A second message for the same user, turn and role is rejected.
    /// </summary>
    Task AppendAsync(IReadOnlyList<TranscriptMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the text a reply has streamed so far while it is still being written, so a crash keeps what the person
    /// already read. Only a reply that is still streaming is changed; false when there is none (it already ended), so a
    /// checkpoint written after the reply's outcome changes nothing. The store may hold the write back briefly to commit
    /// it with others (a fraction of a second); the task completes once it is committed.
    /// </summary>
    Task<bool> CheckpointReplyAsync(UserKey user, TurnId turnId, string partialText, CancellationToken cancellationToken = default);

    /// <summary>The user's turns whose reply row is still marked as streaming, oldest first.</summary>
    Task<ImmutableArray<TurnId>> ListStreamingTurnsAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>The conversation of the user's most recently stored message; null when nothing of the user is stored.</summary>
    Task<ConversationId?> FindLatestConversationAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>Records how a reply ended: its final text, status, citations and model.</summary>
    Task CompleteReplyAsync(UserKey user, TurnId turnId, ReplyOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the user's feedback on one of their replies that has ended (not streaming), replacing earlier feedback.
    /// False when the user has no such ended reply.
    /// </summary>
    Task<bool> SetFeedbackAsync(UserKey user, TurnId turnId, TurnFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>
    /// Messages of one conversation, oldest first; at most <paramref name="limit"/> of them, taken from the newest end,
    /// optionally only those of turns before <paramref name="beforeTurn"/>.
    /// </summary>
    Task<ConversationHistory> ListAsync(UserKey user, ConversationId conversation, int limit, TurnId? beforeTurn = null, CancellationToken cancellationToken = default);

    /// <summary>The messages of one turn (the user message and, once started, the reply).</summary>
    Task<ImmutableArray<TranscriptMessage>> GetTurnAsync(UserKey user, TurnId turnId, CancellationToken cancellationToken = default);

    /// <summary>Every stored message of the user, across all conversations, in the order they were stored.</summary>
    Task<ImmutableArray<TranscriptMessage>> ListAllAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>Deletes every stored message of the user; returns how many were deleted.</summary>
    Task<int> DeleteUserAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>The tenant's users who have messages created before <paramref name="cutoff"/>.</summary>
    Task<ImmutableArray<UserId>> ListUsersWithMessagesBeforeAsync(TenantId tenantId, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Deletes the tenant's messages created before <paramref name="cutoff"/>; returns how many were deleted.</summary>
    Task<int> DeleteOlderThanAsync(TenantId tenantId, DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

/// <summary>How a reply ended, as stored.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.ReplyOutcome")]
public sealed record ReplyOutcome(
    [property: Id(0)] string Text,
    [property: Id(1)] TurnStatus Status,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] ImmutableArray<Citation> Citations,
    [property: Id(4)] string? Model,
    [property: Id(5)] string? ErrorCode,
    [property: Id(6)] ReplyMetadata? Metadata = null,
    [property: Id(7)] CareerProfile? ProfileSnapshot = null);
