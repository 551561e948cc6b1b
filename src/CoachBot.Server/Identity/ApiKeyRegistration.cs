using CoachBot.Ids;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CoachBot.Server.Identity;

/// <summary>API keys for operators, tenant admins and tenants' servers, beside the session scheme of end users.</summary>
internal static class ApiKeyRegistration
{
    /// <summary>Only a platform operator key.</summary>
    public const string PlatformOperatorPolicy = "platform-operator";

    /// <summary>A tenant admin key or a staff JWT with the tenant-admin role; the tenant is the key's or the token's.</summary>
    public const string TenantAdminPolicy = "tenant-admin";

    /// <summary>A staff JWT with the coach role; the tenant is the token's.</summary>
    public const string CoachPolicy = "coach";

    /// <summary>
    /// Admin and coach endpoints authenticate through this forwarding scheme: a bearer session goes to the session
    /// scheme (so an end user is recognised and refused with 403), any other bearer token to the staff scheme, anything
    /// else to the API key scheme. One scheme per request means exactly one handler answers a challenge or a refusal.
    /// </summary>
    public const string AdminScheme = "ApiKeyOrSession";

    public static WebApplicationBuilder AddApiKeyIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>().Bind(builder.Configuration.GetSection(ApiKeyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(AdminScheme, "API key, or a session to refuse", options =>
            {
                options.ForwardDefaultSelector = context =>
                    Realtime.ConsoleHubRegistration.IsHubRequest(context.Request, out var hubToken) && context.Request.Headers.Authorization.Count == 0
                        ? BearerScheme(hubToken)
                        : ApiKeyAuthenticationHandler.ReadPresentedKey(context.Request) is null
                    && context.Request.Headers.Authorization.ToString() is var authorization
                    && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerScheme(authorization["Bearer ".Length..].Trim())
                        : ApiKeyAuthenticationHandler.SchemeName;
                // A refusal on an admin endpoint reads the same (403 "forbidden") whoever is refused, sessions included.
                options.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformOperatorPolicy, policy => policy
                .AddAuthenticationSchemes(AdminScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(CoachBotClaims.Kind, CoachBotClaims.ApiKeyKind)
                .RequireClaim(CoachBotClaims.Role, CoachBotRoles.Operator))
            .AddPolicy(TenantAdminPolicy, policy => policy
                .AddAuthenticationSchemes(AdminScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(CoachBotClaims.Kind, CoachBotClaims.ApiKeyKind, CoachBotClaims.StaffKind)
                .RequireClaim(CoachBotClaims.Role, CoachBotRoles.TenantAdmin)
                .RequireAssertion(context => TenantId.TryParse(context.User.FindFirst(CoachBotClaims.Tenant)?.Value, out _)))
            .AddPolicy(CoachPolicy, policy => policy
                .AddAuthenticationSchemes(AdminScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(CoachBotClaims.Kind, CoachBotClaims.StaffKind)
                .RequireClaim(CoachBotClaims.Role, CoachBotRoles.Coach)
                .RequireClaim(CoachBotClaims.Subject)
                .RequireAssertion(context => TenantId.TryParse(context.User.FindFirst(CoachBotClaims.Tenant)?.Value, out _)));
        return builder;
    }

    /// <summary>
    /// CoachBot's own session tokens (kind = session, read without trusting it) go to the session scheme, every other
    /// bearer token to the staff scheme. Either scheme then validates the token fully, so a forged kind gains nothing.
    /// </summary>
    private static string BearerScheme(string token)
    {
        var handler = new JsonWebTokenHandler();
        try
        {
            if (!handler.CanReadToken(token))
            {
                return JwtBearerDefaults.AuthenticationScheme;
            }

            return handler.ReadJsonWebToken(token).TryGetPayloadValue<string>(CoachBotClaims.Kind, out var kind) && kind == CoachBotClaims.SessionKind
                ? JwtBearerDefaults.AuthenticationScheme
                : StaffIdentityRegistration.SchemeName;
        }
        catch (ArgumentException)
        {
            // Unreadable (e.g. a tampered payload): either scheme refuses it; the session scheme answers token_invalid.
            return JwtBearerDefaults.AuthenticationScheme;
        }
    }
}
