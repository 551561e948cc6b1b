using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api;

/// <summary>A tenant admin's widget identity settings: the public widget key and the write-only identity secret.</summary>
internal static class WidgetIdentityEndpoints
{
    private const int MinSecretLength = 32;
    private const int MaxSecretLength = 256;

    public static IEndpointRouteBuilder MapWidgetIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenant")
            .RequireAuthorization(ApiKeyRegistration.TenantAdminPolicy)
            .WithTags("Tenant admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tenant.MapPost("/widget-key", RotateWidgetKeyAsync).WithName("RotateWidgetKey")
            .WithSummary("Replaces the tenant's public widget key; the old one stops working at once.");
        tenant.MapPost("/identity-secret", RotateIdentitySecretAsync).WithName("RotateIdentitySecret")
            .WithSummary("Creates a new identity secret, shown only in this response; the old one stops working at once.");
        tenant.MapPut("/identity-secret", SetIdentitySecretAsync).WithName("SetIdentitySecret")
            .WithSummary("Sets the identity secret to a value of the tenant's choosing (32-256 characters); it is never returned.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Ok<WidgetKeyResponse>> RotateWidgetKeyAsync(
        ClaimsPrincipal principal, ITenantStore store, CachedTenantSettings cache, SessionCredentials credentials, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = WidgetKeys.NewWidgetKey();
        await RequireTenantAsync(store.SetWidgetKeyAsync(principal.RequireTenant(), key, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken));
        // The old key stops resolving the public widget configuration on this host at once, and the verified sessions made with it end.
        cache.Forget(principal.RequireTenant());
        credentials.Forget(principal.RequireTenant());
        return TypedResults.Ok(new WidgetKeyResponse(key));
    }

    private static async Task<Ok<IdentitySecretResponse>> RotateIdentitySecretAsync(
        ClaimsPrincipal principal, ITenantStore store, SessionCredentials credentials, TimeProvider time, CancellationToken cancellationToken)
    {
        var secret = WidgetKeys.NewIdentitySecret();
        await RequireTenantAsync(store.SetIdentitySecretAsync(principal.RequireTenant(), secret, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken));
        credentials.Forget(principal.RequireTenant());
        return TypedResults.Ok(new IdentitySecretResponse(secret));
    }

    private static async Task<NoContent> SetIdentitySecretAsync(
        SetIdentitySecretRequest request, ClaimsPrincipal principal, ITenantStore store, SessionCredentials credentials, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.IdentitySecret is not { Length: >= MinSecretLength and <= MaxSecretLength } secret || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new CoachBotException(ErrorCodes.SettingsInvalid, $"identitySecret must be {MinSecretLength}-{MaxSecretLength} characters without spaces or control characters.");
        }

        await RequireTenantAsync(store.SetIdentitySecretAsync(principal.RequireTenant(), secret, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken));
        credentials.Forget(principal.RequireTenant());
        return TypedResults.NoContent();
    }

    private static async Task RequireTenantAsync(Task<bool> change)
    {
        if (!await change)
        {
            throw new CoachBotException(ErrorCodes.NotFound, "The key's tenant no longer exists.");
        }
    }
}

/// <summary>The tenant's new public widget key.</summary>
public sealed record WidgetKeyResponse(string WidgetKey);

/// <summary>The tenant's new identity secret, shown this once.</summary>
public sealed record IdentitySecretResponse(string IdentitySecret);

/// <summary>An identity secret chosen by the tenant.</summary>
public sealed record SetIdentitySecretRequest(string? IdentitySecret);
