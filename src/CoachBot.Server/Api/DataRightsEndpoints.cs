using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Server.Identity;
using CoachBot.Storage;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api;

/// <summary>
/// A user's data rights: a full export and erasure. The export is the user's own (/api/me/export); a tenant admin may
/// read it (/api/tenant/users/{userId}/export, the tenant being the admin's own) only while the user consents to
/// coaching review, and otherwise gets 403 <c>consent_required</c>. Erasure may be asked for by the user or by a tenant
/// admin on the user's behalf. Every export and erasure is audited.
/// </summary>
internal static class DataRightsEndpoints
{
    public static IEndpointRouteBuilder MapDataRightsEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").RequireAuthorization(IdentityRegistration.EndUserPolicy).WithTags("Me")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("/export", ExportSelfAsync).WithName("ExportMyData").WithSummary("Everything stored about the user: profile, all transcripts, audit entries.");
        me.MapDelete("", DeleteSelfAsync).WithName("DeleteMyData").WithSummary("Erases the user's profile, conversations, transcripts and consent, and ends the user's sessions.");

        var tenant = app.MapGroup("/api/tenant/users").RequireAuthorization(ApiKeyRegistration.TenantAdminPolicy).WithTags("Tenant admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/{userId}/export", ExportUserAsync).WithName("ExportUserData")
            .WithSummary("Everything stored about one of the tenant's users, while that user consents to coaching review (403 consent_required otherwise).");
        tenant.MapDelete("/{userId}", DeleteUserAsync).WithName("DeleteUserData").WithSummary("Erases one of the tenant's users.");
        return app;
    }

    private static async Task<Ok<UserExport>> ExportSelfAsync(ClaimsPrincipal principal, [AsParameters] DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        var user = principal.RequireUserKey();
        return TypedResults.Ok(await ExportAsync(user, SelfActor(user), deps, cancellationToken));
    }

    private static async Task<NoContent> DeleteSelfAsync(ClaimsPrincipal principal, [AsParameters] DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        var user = principal.RequireUserKey();
        await EraseAsync(user, SelfActor(user), deps, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserExport>> ExportUserAsync(string userId, ClaimsPrincipal principal, [AsParameters] DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        var user = await RequireKnownUserAsync(principal, userId, deps, cancellationToken);
        if (!await deps.Consents.GetCoachingReviewConsentAsync(user, cancellationToken))
        {
            throw new CoachBotException(ErrorCodes.ConsentRequired, "The user has not consented to let the tenant's staff read their conversations; the user can export their own data.");
        }

        return TypedResults.Ok(await ExportAsync(user, principal.ToAuditActor(), deps, cancellationToken));
    }

    private static async Task<NoContent> DeleteUserAsync(string userId, ClaimsPrincipal principal, [AsParameters] DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        var user = await RequireKnownUserAsync(principal, userId, deps, cancellationToken);
        await EraseAsync(user, principal.ToAuditActor(), deps, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<UserExport> ExportAsync(UserKey user, AuditActor actor, DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        var profile = await deps.Grains.GetUserGrain(user).GetProfileAsync();
        var messages = await deps.Transcripts.ListAllAsync(user, cancellationToken);
        var audit = await deps.Store.ListAuditAboutUserAsync(user, cancellationToken);
        var now = deps.Time.GetUtcNow();
        await deps.Store.RecordUserAuditAsync(user, actor, AuditActions.UserExported, now, cancellationToken);
        return new UserExport(user.Tenant.Value, user.User.Value, now, profile, [.. messages], [.. audit.Select(AuditEntryResponse.From)]);
    }

    private static async Task EraseAsync(UserKey user, AuditActor actor, DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        var now = deps.Time.GetUtcNow();
        // First the sessions: from here on no request or hub connection of the user can write anything new.
        await deps.Erasures.EraseAsync(user, now, cancellationToken);
        await deps.Connections.EndEverywhereAsync(user);
        await deps.Grains.GetUserGrain(user).DeleteAllDataAsync();
        // Platform accounts made for the user are forgotten, and accounts linked to the user act as themselves again.
        await deps.Identities.DeleteUserAsync(user, cancellationToken);
        await deps.Store.RecordUserAuditAsync(user, actor, AuditActions.UserDeleted, now, cancellationToken);
        // Deleted rows are zeroed in the database file; the write-ahead log's older copies go now. If busy readers
        // stop it short, the next erasure or the retention sweep finishes it.
        await deps.Erasures.PurgeDeletedAsync(cancellationToken);
    }

    /// <summary>The user in the admin's own tenant; 404 when that tenant holds nothing about them (another tenant's users included).</summary>
    private static async Task<UserKey> RequireKnownUserAsync(ClaimsPrincipal principal, string userId, DataRightsDependencies deps, CancellationToken cancellationToken)
    {
        if (UserId.TryParse(userId, out var id))
        {
            var user = new UserKey(principal.RequireTenant(), id);
            if (await deps.Grains.GetUserGrain(user).HasStoredDataAsync() || !(await deps.Transcripts.ListAllAsync(user, cancellationToken)).IsEmpty)
            {
                return user;
            }
        }

        throw new CoachBotException(ErrorCodes.NotFound, "This tenant has no such user.");
    }

    private static AuditActor SelfActor(UserKey user) => new("user", user.User.Value);

    /// <summary>What the data rights endpoints use, injected as one parameter.</summary>
    internal sealed record DataRightsDependencies(
        IGrainFactory Grains, ITranscriptStore Transcripts, ITenantStore Store, IChannelIdentityStore Identities, IConsentStore Consents,
        IUserErasureStore Erasures, Realtime.UserConnections Connections, TimeProvider Time);
}

/// <summary>Everything CoachBot stores about one user.</summary>
/// <param name="TenantId">The user's tenant.</param>
/// <param name="UserId">The user.</param>
/// <param name="ExportedAt">When this export was made.</param>
/// <param name="Profile">The career profile.</param>
/// <param name="Messages">Every transcript message of every conversation, in the order they were stored.</param>
/// <param name="Audit">Audit entries about the user (earlier exports and deletions), oldest first.</param>
public sealed record UserExport(string TenantId, string UserId, DateTimeOffset ExportedAt, CareerProfile Profile, TranscriptMessage[] Messages, AuditEntryResponse[] Audit);
