using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api;

/// <summary>
/// Coaches reading the conversations of users who consented. The tenant is always the coach token's; the user id in
/// the path is only ever looked up within it, so another tenant's user is indistinguishable from an unknown one.
/// </summary>
internal static class CoachEndpoints
{
    public static IEndpointRouteBuilder MapCoachEndpoints(this IEndpointRouteBuilder app)
    {
        var coach = app.MapGroup("/api/coach")
            .RequireAuthorization(ApiKeyRegistration.CoachPolicy)
            .WithTags("Coach")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        coach.MapGet("/users", ListUsersAsync).WithName("ListCoachedUsers")
            .WithSummary("The users of the coach's tenant who consented to coaching review, with their last activity.");
        coach.MapGet("/users/{userId}/transcript", GetTranscriptAsync).WithName("GetCoachedUserTranscript")
            .WithSummary("The latest messages of a consenting user's current conversation, oldest first; 404 otherwise.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<CoachedUserResponse[]>> ListUsersAsync(ClaimsPrincipal principal, IConsentStore consents, CancellationToken cancellationToken) =>
        TypedResults.Ok((await consents.ListConsentedUsersAsync(principal.RequireTenant(), cancellationToken))
            .Select(user => new CoachedUserResponse(user.UserId.Value, user.ConsentedAt, user.LastActivityAt))
            .ToArray());

    private static async Task<Ok<ConversationHistory>> GetTranscriptAsync(
        string userId, int? limit, ClaimsPrincipal principal, IConsentStore consents, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // Unknown, foreign and non-consenting users get the same answer, and their grains are never activated.
        var user = UserId.TryParse(userId, out var id) ? new UserKey(principal.RequireTenant(), id) : (UserKey?)null;
        if (user is null || !await consents.GetCoachingReviewConsentAsync(user.Value, cancellationToken))
        {
            throw new CoachBotException(ErrorCodes.NotFound, "No such user, or the user has not consented to coaching review.");
        }

        // The grain checks the limit against Conversation:MaxHistoryPage, as for the user's own history.
        return TypedResults.Ok(await grains.GetUserGrain(user.Value).GetHistoryAsync(limit ?? 50));
    }
}

/// <summary>A user who consented to coaching review.</summary>
/// <param name="UserId">The user id within the coach's tenant.</param>
/// <param name="ConsentedAt">When consent was given.</param>
/// <param name="LastActivityAt">When the user last wrote a message; null when never.</param>
public sealed record CoachedUserResponse(string UserId, DateTimeOffset ConsentedAt, DateTimeOffset? LastActivityAt);
