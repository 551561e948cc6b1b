using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Cors;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
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
            .Produces<ProblemDetails>(StatusCodes.Status403Forbidden)
            .Produces<ProblemDetails>(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Ok<IssuedSession>, ProblemHttpResult>> CreateSessionAsync(
        HttpContext context, SessionTokens tokens, WidgetIdentityVerifier widgets, SessionCredentials credentials, CachedTenantSettings tenants, IOptions<TenancyOptions> tenancy)
    {
        UserKey user;
        bool verified;
        if (context.Request.Headers.Authorization.Count > 0)
        {
            var presented = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!presented.Succeeded || !presented.Principal.TryGetUserKey(out user))
            {
                var (code, detail) = presented.Failure switch
                {
                    Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "The session token has expired; call again without it for a new session."),
                    SessionRevokedException => (ErrorCodes.SessionRevoked, "The site's sign-in credentials changed; sign in again for a new session."),
                    UserErasedException => (ErrorCodes.TokenRevoked, "The session ended when the user's data was erased; call again without it for a new session."),
                    _ => (ErrorCodes.TokenInvalid, "The session token is not valid."),
                };
                return TypedResults.Problem(Problems.Create(StatusCodes.Status401Unauthorized, code, detail));
            }

            verified = presented.Principal.IsVerified();
        }
        else
        {
            (user, verified) = await ResolveNewUserAsync(context, widgets, tenancy.Value);
        }

        // A page may only start or renew sessions of a tenant that lets it embed the widget.
        if (!await TenantOriginCheck.IsAllowedAsync(context, user.Tenant, tenants))
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.OriginNotAllowed, "This page's origin is not allowed for this service."));
        }

        // A verified session carries the stamp of the credentials that vouched for it; renewing needs them unchanged.
        var stamp = verified ? await credentials.CurrentAsync(user.Tenant, context.RequestAborted) : null;
        return TypedResults.Ok(tokens.Issue(user, verified, stamp));
    }

    private static async Task<(UserKey User, bool Verified)> ResolveNewUserAsync(HttpContext context, WidgetIdentityVerifier widgets, TenancyOptions tenancy)
    {
        var request = await ReadRequestAsync(context);
        if (request?.TenantKey is not null)
        {
            return await widgets.VerifyAsync(request, context.RequestAborted);
        }

        if (request is { UserId: not null } or { UserHash: not null } or { IdentityToken: not null })
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "A verified identity needs the tenantKey of its tenant.");
        }

        return (new UserKey(TenantId.Parse(tenancy.DefaultTenantId), UserId.NewAnonymous()), false);
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
