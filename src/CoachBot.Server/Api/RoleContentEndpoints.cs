using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Overlays;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Api;

/// <summary>
/// A tenant admin's role-content overlays: role pages that add to or replace the shipped ones for that tenant only.
/// The tenant is always the caller's own; a role id in the path only ever names the caller's overlay.
/// </summary>
internal static partial class RoleContentEndpoints
{
    /// <summary>The largest page accepted, in bytes of the request body.</summary>
    public const int MaxPageBytes = 128 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapRoleContentEndpoints(this IEndpointRouteBuilder app)
    {
        var roles = app.MapGroup("/api/tenant/content/roles")
            .RequireAuthorization(ApiKeyRegistration.TenantAdminPolicy)
            .WithTags("Tenant admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        roles.MapGet("", ListRoles).WithName("ListTenantRoles")
            .WithSummary("The roles the tenant's users are coached on: shipped pages and the tenant's overlays, each with its source.");
        roles.MapPut("/{roleId}", SetOverlayAsync).WithName("SetTenantRoleOverlay")
            .WithSummary("Creates or replaces the tenant's page for the role (text/markdown, or JSON { \"markdown\": … }); applies to the tenant's next turn.")
            // No Accepts metadata: routing would answer other media types itself, before authentication, with a 401 that
            // hides the real problem. The handler reads the body and refuses other media types with 415.
            .WithDescription("Body: the page as text/markdown (or text/plain), UTF-8, at most 128 KB; or application/json { \"markdown\": \"…\" }. "
                + "A new page beyond the tenant's cap (RoleContent:MaxOverlaysPerTenant) is refused with 409 overlay_limit_reached.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        roles.MapGet("/{roleId}", GetOverlayAsync).WithName("GetTenantRoleOverlay")
            .WithSummary("The tenant's own page for the role, as Markdown.")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .ProducesProblem(StatusCodes.Status404NotFound);
        roles.MapDelete("/{roleId}", RemoveOverlayAsync).WithName("RemoveTenantRoleOverlay")
            .WithSummary("Removes the tenant's page for the role; the shipped page, if any, applies again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<RoleContentEntry[]> ListRoles(ClaimsPrincipal principal, RoleContentLibrary library)
    {
        var tenant = principal.RequireTenant();
        var own = library.OverlayPages(tenant);
        var entries = library.AllPages(tenant)
            .GroupBy(p => p.RoleId, StringComparer.Ordinal)
            .Select(role =>
            {
                var regions = role.Select(p => new RoleRegionEntry(p.RegionId, p.Region, p.Version, SourceOf(library, own, p.RoleId, p.RegionId))).ToArray();
                var isOwn = own.Any(p => p.RoleId == role.Key);
                var shipped = library.Find(role.Key).Count > 0;
                var source = !isOwn ? "shipped" : shipped ? "override" : "overlay";
                var name = (own.FirstOrDefault(p => p.RoleId == role.Key) ?? role.First()).Role;
                return new RoleContentEntry(role.Key, name, source, regions);
            })
            .ToArray();
        return TypedResults.Ok(entries);
    }

    private static async Task<Results<Ok<RoleOverlaySummary>, ProblemHttpResult>> SetOverlayAsync(
        string roleId,
        HttpRequest request,
        ClaimsPrincipal principal,
        IRoleOverlayStore store,
        TenantRoleOverlays overlays,
        RoleContentLibrary library,
        IOptions<RoleContentOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        RequireRoleId(roleId);
        var tenant = principal.RequireTenant();
        var markdown = await ReadPageAsync(request, cancellationToken);
        RolePage page;
        try
        {
            page = RolePageParser.ParseUpload(markdown, TenantRoleOverlays.SourceName);
        }
        catch (RoleContentException ex)
        {
            return Invalid("The page breaks the role content format (docs/role-content-format.md).", ex.Problems);
        }

        if (!string.Equals(page.RoleId, roleId, StringComparison.Ordinal))
        {
            return Invalid(
                "The page is for another role than the path names.",
                [$"{TenantRoleOverlays.SourceName}: the front matter's role_id '{page.RoleId}' must equal the role id in the path, '{roleId}'"]);
        }

        var at = time.GetUtcNow();
        var overlay = new RoleOverlay(tenant, page.RoleId, page.RegionId, markdown, page.Version, Guid.NewGuid().ToString("N"), at, principal.ToAuditActor());
        var replaced = await store.SetAsync(overlay, options.Value.MaxOverlaysPerTenant, cancellationToken);
        // Once stored, the change is applied even if the caller goes away: a single host has no later sync to catch up.
        await overlays.RefreshAsync(tenant, roleId, CancellationToken.None);
        return TypedResults.Ok(new RoleOverlaySummary(
            page.RoleId,
            page.Role,
            page.RegionId,
            page.Region,
            page.Version,
            page.LastReviewed,
            [.. page.Sections.Select(s => new RoleSectionView(s.SectionId, s.Title))],
            library.Get(page.RoleId, page.RegionId) is not null,
            replaced,
            at));
    }

    private static async Task<ContentHttpResult> GetOverlayAsync(string roleId, ClaimsPrincipal principal, IRoleOverlayStore store, CancellationToken cancellationToken)
    {
        RequireRoleId(roleId);
        var overlay = await store.GetAsync(principal.RequireTenant(), roleId, cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "The tenant has no page for this role.");
        return TypedResults.Text(overlay.Markdown, "text/markdown; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<NoContent> RemoveOverlayAsync(
        string roleId, ClaimsPrincipal principal, IRoleOverlayStore store, TenantRoleOverlays overlays, TimeProvider time, CancellationToken cancellationToken)
    {
        RequireRoleId(roleId);
        var tenant = principal.RequireTenant();
        _ = await store.RemoveAsync(tenant, roleId, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "The tenant has no page for this role.");
        await overlays.RefreshAsync(tenant, roleId, CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static string SourceOf(RoleContentLibrary library, IReadOnlyList<RolePage> own, string roleId, string regionId) =>
        !own.Any(p => p.RoleId == roleId && p.RegionId == regionId) ? "shipped"
        : library.Get(roleId, regionId) is not null ? "override"
        : "overlay";

    private static void RequireRoleId(string roleId)
    {
        if (roleId.Length > 100 || !RoleIdPattern().IsMatch(roleId))
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "roleId must be a slug of lowercase letters, digits and single hyphens, at most 100 characters.");
        }
    }

    /// <summary>The page from the body: text/markdown (or text/plain) as UTF-8, or JSON { "markdown": … }.</summary>
    private static async Task<string> ReadPageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxPageBytes)
        {
            throw TooLarge();
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.MediaType is not { } mediaType)
        {
            throw new CoachBotException(ErrorCodes.UnsupportedMediaType, "Send the page as text/markdown, or as JSON { \"markdown\": … }.");
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxPageBytes)
            {
                throw TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var upload = JsonSerializer.Deserialize<RoleOverlayUpload>(body.ToArray(), JsonSerializerOptions.Web);
                return upload?.Markdown ?? throw new CoachBotException(ErrorCodes.InvalidArgument, "The JSON body needs a \"markdown\" string.");
            }
            catch (JsonException)
            {
                throw new CoachBotException(ErrorCodes.InvalidArgument, "The JSON body could not be read; send { \"markdown\": \"…\" }.");
            }
        }

        if (mediaType.Equals("text/markdown", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return StrictUtf8.GetString(body.GetBuffer(), 0, (int)body.Length);
            }
            catch (DecoderFallbackException)
            {
                throw new CoachBotException(ErrorCodes.ContentInvalid, "The page is not valid UTF-8.");
            }
        }

        throw new CoachBotException(ErrorCodes.UnsupportedMediaType, "Send the page as text/markdown, or as JSON { \"markdown\": … }.");
    }

    private static CoachBotException TooLarge() =>
        new(ErrorCodes.ContentTooLarge, $"A role page may be at most {MaxPageBytes / 1024} KB.");

    private static ProblemHttpResult Invalid(string detail, IReadOnlyList<string> problems)
    {
        var problem = Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.ContentInvalid, detail);
        problem.Extensions["problems"] = problems;
        return TypedResults.Problem(problem);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleIdPattern();
}
