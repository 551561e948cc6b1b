using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;

namespace CoachBot.Server.Cors;

/// <summary>
/// Refuses a signed-in user's request (REST or hub) that comes from a browser page whose origin the user's tenant does
/// not allow: 403 <c>origin_not_allowed</c>. Requests without an Origin header (servers, native apps) and same-origin
/// requests pass, and so do endpoints that show only public data (<see cref="PublicCors"/>).
/// </summary>
internal sealed class TenantOriginCheck(RequestDelegate next, CachedTenantSettings tenants)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var origin = Normalize(context.Request.Headers.Origin.ToString());
        if (origin.Length > 0
            && !PublicCors.Applies(context)
            && context.User.TryGetUserKey(out var user)
            && origin != Normalize($"{context.Request.Scheme}://{context.Request.Host}")
            && !(await tenants.GetAsync(user.Tenant, context.RequestAborted)).AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.OriginNotAllowed, "This page's origin is not allowed for your service.");
            return;
        }

        await next(context);
    }

    /// <summary>An origin as tenants store it: lowercase scheme://host[:port] without a trailing slash; "" for none.</summary>
    public static string Normalize(string? origin) =>
        string.IsNullOrWhiteSpace(origin) || origin == "null" ? "" : origin.Trim().TrimEnd('/').ToLowerInvariant();
}
