using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>
/// Users' consent to let their tenant's coaches review their coaching conversations. Keyed by tenant and user; every
/// change is written to the tenant's audit log in the same transaction, with the user as the actor.
/// </summary>
public interface IConsentStore
{
    /// <summary>The user's consent; false when never given.</summary>
    Task<bool> GetCoachingReviewConsentAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>Grants or withdraws consent; audited only when the answer changes.</summary>
    Task SetCoachingReviewConsentAsync(UserKey user, bool granted, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The tenant's users who currently consent, by user id, with when they last wrote a message.</summary>
    Task<IReadOnlyList<ConsentedUser>> ListConsentedUsersAsync(TenantId tenantId, CancellationToken cancellationToken = default);
}

/// <summary>A user who lets coaches review their conversations.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ConsentedAt">When consent was given.</param>
/// <param name="LastActivityAt">When the user's latest transcript message was written; null when there is none.</param>
public sealed record ConsentedUser(UserId UserId, DateTimeOffset ConsentedAt, DateTimeOffset? LastActivityAt);
