using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Api;

internal static class SessionEndpoints
{
    public const string RateLimitPolicy = "sessions";

    /// <summary>POST /api/sessions: a new anonymous session, or a renewed one when a valid token is presented.</summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions", CreateSessionAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("CreateSession")
            .WithTags("Sessions")
            .WithSummary("Creates an anonymous session in the default tenant, or renews the session whose token is presented.")
            .Produces<ProblemDetails>(StatusCodes.Status401Unauthorized)
            .Produces<ProblemDetails>(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Ok<IssuedSession>, ProblemHttpResult>> CreateSessionAsync(
        HttpContext context, SessionTokens tokens, IOptions<TenancyOptions> tenancy)
    {
        UserKey user;
        if (context.Request.Headers.Authorization.Count > 0)
        {
            var presented = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!presented.Succeeded || !presented.Principal.TryGetUserKey(out user))
            {
                var expired = presented.Failure is Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException;
                return TypedResults.Problem(Problems.Create(
                    StatusCodes.Status401Unauthorized,
                    expired ? ErrorCodes.TokenExpired : ErrorCodes.TokenInvalid,
                    expired ? "The session token has expired; call again without it for a new session." : "The session token is not valid."));
            }
        }
        else
        {
            user = new UserKey(TenantId.Parse(tenancy.Value.DefaultTenantId), UserId.NewAnonymous());
        }

        return TypedResults.Ok(tokens.Issue(user));
    }
}
