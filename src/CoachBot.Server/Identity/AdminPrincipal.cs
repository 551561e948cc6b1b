using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Server.Identity;

/// <summary>What admin endpoints read from an API key principal.</summary>
internal static class AdminPrincipal
{
    /// <summary>The tenant of a tenant admin key; the policy has already made sure it is there.</summary>
    public static TenantId RequireTenant(this ClaimsPrincipal principal) =>
        TenantId.TryParse(principal.FindFirstValue(CoachBotClaims.Tenant), out var tenant)
            ? tenant
            : throw new CoachBotException(ErrorCodes.Forbidden, "This key or token belongs to no tenant.");

    /// <summary>Who is acting, for the audit log: the key's role and id, or "staff" and the staff token's subject.</summary>
    public static AuditActor ToAuditActor(this ClaimsPrincipal principal) =>
        new(
            principal.FindFirstValue(CoachBotClaims.Kind) == CoachBotClaims.StaffKind ? CoachBotClaims.StaffKind : principal.FindFirstValue(CoachBotClaims.Role) ?? "unknown",
            principal.FindFirstValue(CoachBotClaims.Subject) ?? "unknown");
}
