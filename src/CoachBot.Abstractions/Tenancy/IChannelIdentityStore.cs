using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>
/// The people who write from chat platforms, and which CoachBot user each acts as. A platform account gets its own
/// random user on first contact; a one-time code from a widget user links it to that user, so one person has one
/// profile and one history everywhere. Links and unlinks are audited.
/// </summary>
public interface IChannelIdentityStore
{
    /// <summary>The account's identity, created (with a new own user) on first contact. Safe to call concurrently.</summary>
    Task<ChannelIdentity> GetOrCreateAsync(TenantId tenant, ChannelAccount account, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>A one-time code the user can send from a chat platform to link an account to themselves; expired codes are dropped.</summary>
    Task<string> CreateLinkCodeAsync(UserKey user, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Consumes <paramref name="code"/> (it works once, before it expires, in its own tenant only) and links the account
    /// to the user who asked for it; returns that user, or null when the code is unknown, used or expired.
    /// </summary>
    Task<UserKey?> LinkAsync(TenantId tenant, ChannelAccount account, string code, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Removes the account's link, so it acts as its own user again; false when it was not linked.</summary>
    Task<bool> UnlinkAsync(TenantId tenant, ChannelAccount account, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>The platform accounts linked to <paramref name="user"/>.</summary>
    Task<IReadOnlyList<ChannelIdentity>> ListLinkedAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>Forgets every account whose own user is <paramref name="user"/> and every link to it (erasure).</summary>
    Task<int> DeleteUserAsync(UserKey user, CancellationToken cancellationToken = default);
}

/// <summary>An account on a chat platform, as the platform names it.</summary>
/// <param name="Channel">The platform (see <c>TurnChannels</c>).</param>
/// <param name="WorkspaceId">The Slack team or enterprise id, or the Microsoft Entra tenant id.</param>
/// <param name="ExternalUserId">The platform's user id.</param>
public sealed record ChannelAccount(string Channel, string WorkspaceId, string ExternalUserId);

/// <summary>A platform account and the CoachBot user it acts as.</summary>
/// <param name="Account">The platform account.</param>
/// <param name="OwnUser">The user made for the account on first contact.</param>
/// <param name="LinkedUser">The widget user it is linked to, or null.</param>
/// <param name="CreatedAt">First contact.</param>
/// <param name="LinkedAt">When the current link was made.</param>
public sealed record ChannelIdentity(ChannelAccount Account, UserId OwnUser, UserId? LinkedUser, DateTimeOffset CreatedAt, DateTimeOffset? LinkedAt)
{
    /// <summary>The user whose profile and history the account uses.</summary>
    public UserId ActsAs => LinkedUser ?? OwnUser;
}
