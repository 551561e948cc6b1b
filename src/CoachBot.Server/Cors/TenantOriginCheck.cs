using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;

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
        if (!PublicCors.Applies(context)
            && context.User.TryGetUserKey(out var user)
            && !await IsAllowedAsync(context, user.Tenant, tenants))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.OriginNotAllowed, "This page's origin is not allowed for your service.");
            return;
        }

        await next(context);
    }

    /// <summary>
    /// True when the request comes from no browser page (no Origin), from CoachBot's own pages, or from an origin the
    /// tenant allows; never for the opaque origin "null".
    /// </summary>
    public static async ValueTask<bool> IsAllowedAsync(HttpContext context, TenantId tenant, CachedTenantSettings tenants) =>
        IsOwnOrigin(context, out var origin)
        || (await tenants.GetAsync(tenant, context.RequestAborted)).AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    /// <summary>The same rule for a tenant whose settings are already read.</summary>
    public static bool IsAllowed(HttpContext context, TenantSettings settings) =>
        IsOwnOrigin(context, out var origin) || settings.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    /// <summary>True for no Origin and for CoachBot's own pages; gives the normalized origin either way.</summary>
    private static bool IsOwnOrigin(HttpContext context, out string origin)
    {
        origin = Normalize(context.Request.Headers.Origin.ToString());
        return origin.Length == 0 || origin == Normalize($"{context.Request.Scheme}://{context.Request.Host}");
    }

    /// <summary>
    /// An origin as tenants store it: lowercase scheme://host[:port] without a trailing slash; "" for none. The opaque
    /// origin "null" (sandboxed iframes, file: and data: pages) stays "null": it is a browser page whose real origin is
    /// hidden, not the absence of one, and since no tenant can list it, it is never allowed.
    /// </summary>
    public static string Normalize(string? origin) =>
        string.IsNullOrWhiteSpace(origin) ? "" : origin.Trim().TrimEnd('/').ToLowerInvariant();
}
