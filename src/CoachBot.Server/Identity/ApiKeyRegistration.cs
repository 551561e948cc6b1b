using CoachBot.Ids;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CoachBot.Server.Identity;

/// <summary>API keys for operators, tenant admins and tenants' servers, beside the session scheme of end users.</summary>
internal static class ApiKeyRegistration
{
    /// <summary>Only a platform operator key.</summary>
    public const string PlatformOperatorPolicy = "platform-operator";

    /// <summary>Only a tenant admin key; the tenant is the key's.</summary>
    public const string TenantAdminPolicy = "tenant-admin";

    /// <summary>
    /// Admin endpoints authenticate through this forwarding scheme: a bearer session goes to the session scheme (so an
    /// end user is recognised and refused with 403), anything else to the API key scheme. One scheme per request means
    /// exactly one handler answers a challenge or a refusal.
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
                    ApiKeyAuthenticationHandler.ReadPresentedKey(context.Request) is null
                    && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
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
                .RequireClaim(CoachBotClaims.Kind, CoachBotClaims.ApiKeyKind)
                .RequireClaim(CoachBotClaims.Role, CoachBotRoles.TenantAdmin)
                .RequireAssertion(context => TenantId.TryParse(context.User.FindFirst(CoachBotClaims.Tenant)?.Value, out _)));
        return builder;
    }
}
