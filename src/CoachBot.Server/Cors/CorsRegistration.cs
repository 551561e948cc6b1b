using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CoachBot.Server.Cors;

/// <summary>CORS and the origin check, both from the tenants' allowed widget origins.</summary>
internal static class CorsRegistration
{
    public static WebApplicationBuilder AddTenantCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddCors();
        builder.Services.AddSingleton<ICorsPolicyProvider, TenantCorsPolicyProvider>();
        return builder;
    }

    /// <summary>The origin check; after authentication, so it knows the caller's tenant.</summary>
    public static IApplicationBuilder UseTenantOriginCheck(this IApplicationBuilder app) => app.UseMiddleware<TenantOriginCheck>();
}
