using CoachBot.Conversations;
using CoachBot.Server.Api;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using CoachBot.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

internal static class IdentityRegistration
{
    /// <summary>The policy every end-user endpoint and hub method requires.</summary>
    public const string EndUserPolicy = "end-user";

    /// <summary>Anonymous sessions: signed tokens in, tenant and user out. Every endpoint requires a user unless it says otherwise.</summary>
    public static WebApplicationBuilder AddSessionIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SessionTokenOptions>().Bind(builder.Configuration.GetSection(SessionTokenOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenancyOptions>().Bind(builder.Configuration.GetSection(TenancyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<WidgetIdentityVerifier>();
        services.AddSingleton<SessionCredentials>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SessionTokens>((options, tokens) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = tokens.ValidationParameters();
                options.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket or Server-Sent Events requests: the hub takes the token from the query.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(Realtime.CoachHubRegistration.HubPath)
                            && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    // Sessions issued until the user was erased end with the erasure; a verified session also ends when the
                    // tenant replaces the credentials that vouched for it.
                    OnTokenValidated = async context =>
                    {
                        var services = context.HttpContext.RequestServices;
                        var principal = context.Principal!;
                        if (principal.TryGetUserKey(out var user)
                            && context.SecurityToken is JsonWebToken { IssuedAt: var issuedAt }
                            && await services.GetRequiredService<IUserErasureStore>().GetErasedAtAsync(user, context.HttpContext.RequestAborted) is { } erasedAt
                            && new DateTimeOffset(issuedAt, TimeSpan.Zero).ToUnixTimeSeconds() <= erasedAt.ToUnixTimeSeconds())
                        {
                            context.Fail(new UserErasedException());
                        }
                        else if (principal.IsVerified() && principal.TryGetUserKey(out var verified)
                            && !await services.GetRequiredService<SessionCredentials>()
                                .IsCurrentAsync(verified.Tenant, principal.FindFirst(SessionCredentials.Claim)?.Value, context.HttpContext.RequestAborted))
                        {
                            context.Fail(new SessionRevokedException());
                        }
                        else
                        {
                            context.Principal = HeldPrincipal.Of(principal);
                        }
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var (code, detail) = context.AuthenticateFailure switch
                        {
                            SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "The session token has expired. Create a new session."),
                            SessionRevokedException => (ErrorCodes.SessionRevoked, "The site's sign-in credentials changed; sign in again for a new session."),
                            UserErasedException => (ErrorCodes.TokenRevoked, "The session ended when the user's data was erased. Create a new session."),
                            not null => (ErrorCodes.TokenInvalid, "The session token is not valid."),
                            null => (ErrorCodes.Unauthenticated, "A session token is required. Create one with POST /api/sessions."),
                        };
                        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, detail);
                    },
                    OnForbidden = context =>
                        Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, ErrorCodes.Unauthenticated, "This session may not do that."),
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(EndUserPolicy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.TryGetUserKey(out _)))
            // Secure by default: an endpoint without its own policy still needs a valid session.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build());
        return builder;
    }
}

/// <summary>A session token issued before its user was erased.</summary>
internal sealed class UserErasedException() : SecurityTokenValidationException("The session was issued before the user was erased.");
