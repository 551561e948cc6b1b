using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api;

/// <summary>A tenant admin's API. The tenant is always the key's own, never taken from the path or the body.</summary>
internal static class TenantAdminEndpoints
{
    private const int MaxAuditPage = 200;

    public static IEndpointRouteBuilder MapTenantAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenant")
            .RequireAuthorization(ApiKeyRegistration.TenantAdminPolicy)
            .WithTags("Tenant admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tenant.MapGet("", GetTenantAsync).WithName("GetTenant").WithSummary("The tenant's settings; secrets are reduced to whether they are set.");
        tenant.MapPut("", UpdateTenantAsync).WithName("UpdateTenant")
            .WithSummary("Replaces the tenant's settings; model.apiKey and the channel secrets are write-only.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tenant.MapGet("/keys", ListKeysAsync).WithName("ListTenantKeys").WithSummary("The tenant's API keys, newest first, without their text.");
        tenant.MapPost("/keys", CreateKeyAsync).WithName("CreateTenantKey").WithSummary("Creates a tenant admin or service key; the key is shown only in this response.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapDelete("/keys/{keyId}", RevokeKeyAsync).WithName("RevokeTenantKey").WithSummary("Revokes one of the tenant's keys.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/audit", GetAuditAsync).WithName("GetTenantAudit").WithSummary("The tenant's audit log, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Ok<TenantResponse>> GetTenantAsync(ClaimsPrincipal principal, ITenantStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantResponse.From(await store.GetTenantAsync(principal.RequireTenant(), cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "The key's tenant no longer exists.")));

    private static async Task<Ok<TenantResponse>> UpdateTenantAsync(
        UpdateTenantRequest request, ClaimsPrincipal principal, ITenantStore store, CachedTenantSettings cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var (displayName, settings, secrets) = TenantSettingsValidation.Validate(request.DisplayName, request.Settings);
        var updated = await store.UpdateTenantAsync(principal.RequireTenant(), displayName, settings, secrets, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "The key's tenant no longer exists.");
        cache.Forget(updated.Id);
        return TypedResults.Ok(TenantResponse.From(updated));
    }

    private static async Task<Ok<ApiKeyResponse[]>> ListKeysAsync(ClaimsPrincipal principal, ITenantStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListApiKeysAsync(principal.RequireTenant(), cancellationToken)).Select(k => k.ToResponse()).ToArray());

    private static async Task<Created<CreatedApiKeyResponse>> CreateKeyAsync(
        CreateApiKeyRequest request, ClaimsPrincipal principal, ITenantStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParseRole(request.Kind, out var kind) || kind == ApiKeyKind.Operator)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "kind must be \"tenant-admin\" or \"service\".");
        }

        // A staff token may name a tenant that does not exist (yet, or any more); a key cannot belong to no tenant.
        var tenantId = principal.RequireTenant();
        if (await store.GetTenantAsync(tenantId, cancellationToken) is null)
        {
            throw new CoachBotException(ErrorCodes.NotFound, "The key's tenant no longer exists.");
        }

        var created = await ApiKeyIssuer.IssueAsync(store, tenantId, kind, principal.ToAuditActor(), time, cancellationToken);
        return TypedResults.Created($"/api/tenant/keys/{created.Id}", created);
    }

    private static async Task<NoContent> RevokeKeyAsync(string keyId, ClaimsPrincipal principal, ITenantStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.RevokeApiKeyAsync(principal.RequireTenant(), keyId, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken)
            ? TypedResults.NoContent()
            // The same answer whether the key is unknown or another tenant's: existence is not revealed.
            : throw new CoachBotException(ErrorCodes.NotFound, "No such key.");

    private static async Task<Ok<AuditEntryResponse[]>> GetAuditAsync(ClaimsPrincipal principal, ITenantStore store, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxAuditPage)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, $"limit must be between 1 and {MaxAuditPage}.");
        }

        var entries = await store.ListAuditAsync(principal.RequireTenant(), limit ?? 50, cancellationToken);
        return TypedResults.Ok(entries.Select(AuditEntryResponse.From).ToArray());
    }
}
