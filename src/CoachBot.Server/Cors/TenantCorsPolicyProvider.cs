using CoachBot.Server.Tenancy;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CoachBot.Server.Cors;

/// <summary>
/// CORS from the tenants' allowed widget origins. A preflight does not say which tenant it is for, so an origin any tenant
/// lists passes CORS; <see cref="TenantOriginCheck"/> then holds each signed-in request to its own tenant's origins.
/// </summary>
internal sealed class TenantCorsPolicyProvider(CachedTenantSettings tenants) : ICorsPolicyProvider
{
    private static readonly CorsPolicy NoOrigins = new();

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName == PublicCors.PolicyName)
        {
            return PublicCors.Policy;
        }

        var origin = TenantOriginCheck.Normalize(context.Request.Headers.Origin.ToString());
        if (origin.Length == 0 || !(await tenants.GetAllAllowedOriginsAsync(context.RequestAborted)).Contains(origin))
        {
            return NoOrigins;
        }

        return new CorsPolicyBuilder()
            .WithOrigins(origin)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .AllowCredentials()
            .WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
    }
}
