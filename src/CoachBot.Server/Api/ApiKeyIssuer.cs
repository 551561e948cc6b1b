using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;

namespace CoachBot.Server.Api;

/// <summary>Creates keys: the text is returned once, the store keeps only its hash.</summary>
internal static class ApiKeyIssuer
{
    public static async Task<CreatedApiKeyResponse> IssueAsync(
        ITenantStore store, TenantId tenantId, ApiKeyKind kind, AuditActor actor, TimeProvider time, CancellationToken cancellationToken)
    {
        var (text, hint) = ApiKeyFormat.Generate(kind);
        var key = new ApiKey("key_" + Guid.NewGuid().ToString("N"), tenantId, kind, hint, time.GetUtcNow(), null, null);
        await store.CreateApiKeyAsync(key, ApiKeyFormat.Hash(text), actor, cancellationToken);
        return new CreatedApiKeyResponse(key.Id, text, ApiKeyFormat.RoleFor(kind), tenantId.Value, hint, key.CreatedAt);
    }

    public static ApiKeyResponse ToResponse(this ApiKey key) =>
        new(key.Id, ApiKeyFormat.RoleFor(key.Kind), key.Hint, key.CreatedAt, key.RevokedAt, key.LastUsedAt);
}
