using System.Text.Json;
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

    /// <summary>POST /api/sessions: a new session (anonymous or verified, in the default tenant or the one a widget key names), or a renewed one.</summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions", CreateSessionAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("CreateSession")
            .WithTags("Sessions")
            .WithSummary("Creates a session: anonymous in the default tenant without a body; in the tenant of tenantKey, verified when userId+userHash or identityToken is valid. Renews the session whose token is presented.")
            .Accepts<WidgetIdentityRequest>(isOptional: true, "application/json")
            .Produces<IssuedSession>()
            .Produces<ProblemDetails>(StatusCodes.Status400BadRequest)
            .Produces<ProblemDetails>(StatusCodes.Status401Unauthorized)
            .Produces<ProblemDetails>(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Ok<IssuedSession>, ProblemHttpResult>> CreateSessionAsync(
        HttpContext context, SessionTokens tokens, WidgetIdentityVerifier widgets, IOptions<TenancyOptions> tenancy)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            var presented = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!presented.Succeeded || !presented.Principal.TryGetUserKey(out var renewed))
            {
                var expired = presented.Failure is Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException;
                return TypedResults.Problem(Problems.Create(
                    StatusCodes.Status401Unauthorized,
                    expired ? ErrorCodes.TokenExpired : ErrorCodes.TokenInvalid,
                    expired ? "The session token has expired; call again without it for a new session." : "The session token is not valid."));
            }

            return TypedResults.Ok(tokens.Issue(renewed, presented.Principal.IsVerified()));
        }

        var request = await ReadRequestAsync(context);
        if (request?.TenantKey is null)
        {
            if (request is { UserId: not null } or { UserHash: not null } or { IdentityToken: not null })
            {
                throw new CoachBotException(ErrorCodes.InvalidArgument, "A verified identity needs the tenantKey of its tenant.");
            }

            return TypedResults.Ok(tokens.Issue(new UserKey(TenantId.Parse(tenancy.Value.DefaultTenantId), UserId.NewAnonymous())));
        }

        var (user, verified) = await widgets.VerifyAsync(request, context.RequestAborted);
        return TypedResults.Ok(tokens.Issue(user, verified));
    }

    /// <summary>The optional JSON body; null when there is none.</summary>
    private static async Task<WidgetIdentityRequest?> ReadRequestAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType() || context.Request.ContentLength == 0)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFromJsonAsync<WidgetIdentityRequest>(context.RequestAborted);
        }
        catch (JsonException)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "The body must be a JSON object such as { \"tenantKey\": \"cbw_...\" }.");
        }
    }
}
