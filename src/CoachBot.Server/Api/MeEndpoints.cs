using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Server.Api;

/// <summary>The signed-in user's own data over REST (the hub offers the same, plus streaming).</summary>
internal static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me")
            .RequireAuthorization(IdentityRegistration.EndUserPolicy)
            .WithTags("Me")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        me.MapGet("/profile", GetProfileAsync).WithName("GetProfile").WithSummary("The user's career profile.");
        me.MapPut("/profile", UpdateProfileAsync).WithName("UpdateProfile").WithSummary("Corrects the user's career profile; null members stay unchanged.");
        me.MapGet("/history", GetHistoryAsync).WithName("GetHistory").WithSummary("The latest messages of the current conversation, oldest first.");
        me.MapGet("/consent", GetConsentAsync).WithName("GetConsent").WithSummary("Whether the user lets their tenant's coaches review their conversations.");
        me.MapPut("/consent", SetConsentAsync).WithName("SetConsent").WithSummary("Grants or withdraws the user's consent to coaching review.");
        me.MapGet("/turns/active", GetActiveTurnAsync).WithName("GetActiveTurn").WithSummary("The turn being answered right now, if any.");
        me.MapPut("/turns/{turnId}/feedback", SubmitFeedbackAsync).WithName("SubmitFeedback")
            .WithSummary("Rates one of the user's ended replies (up or down, optional comment up to 1000 characters); replaces earlier feedback.")
            .Accepts<FeedbackSubmission>("application/json")
            .Produces<TurnFeedback>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<CareerProfile>> GetProfileAsync(ClaimsPrincipal principal, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetUserGrain(principal.RequireUserKey()).GetProfileAsync());

    private static async Task<Ok<CareerProfile>> UpdateProfileAsync(ClaimsPrincipal principal, IGrainFactory grains, [FromBody] ProfileUpdate update) =>
        TypedResults.Ok(await grains.GetUserGrain(principal.RequireUserKey()).UpdateProfileAsync(update));

    private static async Task<Ok<ConversationHistory>> GetHistoryAsync(
        ClaimsPrincipal principal, IGrainFactory grains, int? limit, string? before)
    {
        TurnId? beforeTurn = null;
        if (before is not null)
        {
            beforeTurn = TurnId.TryParse(before, out var parsed)
                ? parsed
                : throw new CoachBotException(ErrorCodes.InvalidArgument, "before must be a turn id.");
        }

        return TypedResults.Ok((await grains.GetUserGrain(principal.RequireUserKey()).GetHistoryAsync(limit ?? 50, beforeTurn)).ForPerson());
    }

    private static async Task<Ok<ActiveTurn>> GetActiveTurnAsync(ClaimsPrincipal principal, IGrainFactory grains) =>
        TypedResults.Ok(new ActiveTurn(await grains.GetUserGrain(principal.RequireUserKey()).GetActiveTurnAsync()));

    private static async Task<Ok<TurnFeedback>> SubmitFeedbackAsync(string turnId, ClaimsPrincipal principal, IGrainFactory grains, [FromBody] FeedbackSubmission? feedback)
    {
        var id = TurnId.TryParse(turnId, out var parsed) ? parsed : throw new CoachBotException(ErrorCodes.InvalidArgument, "turnId must be a turn id.");
        var submission = feedback ?? throw new CoachBotException(ErrorCodes.InvalidArgument, "Feedback with a rating is required.");
        return TypedResults.Ok(await grains.GetUserGrain(principal.RequireUserKey()).SubmitFeedbackAsync(id, submission));
    }

    private static async Task<Ok<ConsentResponse>> GetConsentAsync(ClaimsPrincipal principal, IConsentStore consents, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ConsentResponse(await consents.GetCoachingReviewConsentAsync(principal.RequireUserKey(), cancellationToken)));

    private static async Task<Ok<ConsentResponse>> SetConsentAsync(
        ClaimsPrincipal principal, IConsentStore consents, IGrainFactory grains, TimeProvider time, ILoggerFactory loggers, [FromBody] ConsentRequest request,
        CancellationToken cancellationToken)
    {
        var granted = request.CoachingReview ?? throw new CoachBotException(ErrorCodes.InvalidArgument, "coachingReview must be true or false.");
        await ConsentChanges.SetAsync(principal.RequireUserKey(), granted, consents, grains, time, loggers.CreateLogger(typeof(ConsentChanges)), cancellationToken);
        return TypedResults.Ok(new ConsentResponse(granted));
    }

    /// <summary>The user's consent.</summary>
    /// <param name="CoachingReview">True when the tenant's coaches may read the user's conversations.</param>
    public sealed record ConsentResponse(bool CoachingReview);

    /// <summary>A change of consent.</summary>
    /// <param name="CoachingReview">True to let the tenant's coaches read the user's conversations, false to stop them.</param>
    public sealed record ConsentRequest(bool? CoachingReview);

    /// <summary>The turn being answered, or null.</summary>
    public sealed record ActiveTurn(TurnId? TurnId);

    /// <summary>The tenant and user of the caller; the authorization policy has already made sure they are there.</summary>
    public static UserKey RequireUserKey(this ClaimsPrincipal principal) =>
        principal.TryGetUserKey(out var user)
            ? user
            : throw new CoachBotException(ErrorCodes.Unauthenticated, "A valid session is required.");
}
