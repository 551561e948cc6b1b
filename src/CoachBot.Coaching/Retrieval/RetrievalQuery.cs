namespace CoachBot.Coaching.Retrieval;

/// <summary>A question to find role-page sections for.</summary>
/// <param name="Text">The user's words.</param>
/// <param name="TenantId">The caller's tenant: overlay documents of other tenants are never returned. Null sees shipped content only.</param>
/// <param name="PreferredRoleId">The user's target role; its sections get a boost.</param>
/// <param name="PreferredRegionId">The user's region; its sections get a boost.</param>
/// <param name="TopK">How many hits to return; null uses <see cref="RetrievalOptions.TopK"/>.</param>
public sealed record RetrievalQuery(
    string Text,
    string? TenantId = null,
    string? PreferredRoleId = null,
    string? PreferredRegionId = null,
    int? TopK = null);
