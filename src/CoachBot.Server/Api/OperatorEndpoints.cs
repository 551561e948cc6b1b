using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api;

/// <summary>The platform operator's API: tenants and their first admin keys.</summary>
internal static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin")
            .RequireAuthorization(ApiKeyRegistration.PlatformOperatorPolicy)
            .WithTags("Operator")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapPost("/tenants", CreateTenantAsync).WithName("CreateTenant").WithSummary("Creates a tenant.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/tenants", ListTenantsAsync).WithName("ListTenants").WithSummary("All tenants, secrets redacted.");
        admin.MapPost("/tenants/{tenantId}/keys", CreateTenantAdminKeyAsync).WithName("CreateTenantAdminKey")
            .WithSummary("Creates a tenant admin key for the tenant; the key is shown only in this response.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<TenantResponse>> CreateTenantAsync(
        CreateTenantRequest request, ClaimsPrincipal principal, ITenantStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TenantId.TryParse(request.Id, out var id))
        {
            throw new CoachBotException(ErrorCodes.SettingsInvalid, "id must be 1-128 letters, digits or . _ - @ : +, starting with a letter or digit.");
        }

        var (displayName, settings, secrets) = TenantSettingsValidation.Validate(request.DisplayName, request.Settings);
        var now = time.GetUtcNow();
        var tenant = new Tenant(id, displayName, settings, false, now, now) { WidgetKey = WidgetKeys.NewWidgetKey() };
        if (!await store.CreateTenantAsync(tenant, secrets, principal.ToAuditActor(), cancellationToken))
        {
            throw new CoachBotException(ErrorCodes.TenantExists, $"A tenant with id '{id}' already exists.");
        }

        var created = await store.GetTenantAsync(id, cancellationToken) ?? tenant;
        return TypedResults.Created($"/api/admin/tenants/{id}", TenantResponse.From(created));
    }

    private static async Task<Ok<TenantResponse[]>> ListTenantsAsync(ITenantStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListTenantsAsync(cancellationToken)).Select(TenantResponse.From).ToArray());

    private static async Task<Created<CreatedApiKeyResponse>> CreateTenantAdminKeyAsync(
        string tenantId, ClaimsPrincipal principal, ITenantStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TenantId.TryParse(tenantId, out var id) || await store.GetTenantAsync(id, cancellationToken) is null)
        {
            throw new CoachBotException(ErrorCodes.NotFound, "No such tenant.");
        }

        var created = await ApiKeyIssuer.IssueAsync(store, id, ApiKeyKind.TenantAdmin, principal.ToAuditActor(), time, cancellationToken);
        return TypedResults.Created($"/api/tenant/keys/{created.Id}", created);
    }
}
