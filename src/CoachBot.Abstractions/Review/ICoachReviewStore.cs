using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Review;

/// <summary>
/// What the coach console reads and writes. Every query is scoped by tenant and reaches only users who consent to
/// coaching review; every change is written to the tenant's audit log in the same transaction.
/// </summary>
public interface ICoachReviewStore
{
    /// <summary>The tenant's conversations of consenting users matching the filter, most recently active first.</summary>
    Task<ConversationPage> SearchAsync(TenantId tenantId, ConversationFilter filter, CancellationToken cancellationToken = default);

    /// <summary>True when the user consents to review and the conversation has messages.</summary>
    Task<bool> IsReviewableAsync(ConversationKey conversation, CancellationToken cancellationToken = default);

    /// <summary>Reviews, tags, flags and notes of the conversation.</summary>
    Task<ConversationAnnotations> GetAnnotationsAsync(ConversationKey conversation, CancellationToken cancellationToken = default);

    /// <summary>Stores (replaces) the review of a turn and, when given, the approved answer it creates.</summary>
    Task SaveReviewAsync(ConversationKey conversation, TurnReview review, ApprovedAnswer? answer, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Adds a flag.</summary>
    Task AddFlagAsync(ConversationKey conversation, ConversationFlag flag, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Changes a flag's state and note; null when the tenant has no such flag on a consenting user's conversation.</summary>
    Task<ConversationFlag?> UpdateFlagAsync(TenantId tenantId, string flagId, string state, string? note, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Replaces the conversation's tags.</summary>
    Task SetTagsAsync(ConversationKey conversation, IReadOnlyList<string> tags, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Adds a private note.</summary>
    Task AddNoteAsync(ConversationKey conversation, CoachNote note, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Records that a coach exported conversations.</summary>
    Task RecordExportAsync(TenantId tenantId, string detailJson, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>What the tenant's coaches changed, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(TenantId tenantId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes an approved answer; false when the tenant has none with that id.</summary>
    Task<bool> DeleteApprovedAnswerAsync(TenantId tenantId, string answerId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Activity per bucket of <paramref name="bucketDays"/> days (1 or 7, weeks from Monday) in [from, to).</summary>
    Task<IReadOnlyList<ActivityBucket>> GetActivityAsync(TenantId tenantId, DateTimeOffset from, DateTimeOffset to, int bucketDays, CancellationToken cancellationToken = default);
}

/// <summary>The approved answers the coaching engine draws on.</summary>
public interface IApprovedAnswerStore
{
    /// <summary>The tenant's approved answers, newest first.</summary>
    Task<IReadOnlyList<ApprovedAnswer>> ListApprovedAnswersAsync(TenantId tenantId, CancellationToken cancellationToken = default);
}
