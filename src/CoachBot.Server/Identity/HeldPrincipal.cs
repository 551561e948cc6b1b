using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

/// <summary>
/// The principal a validated session token leaves on its request: the same claims, compared as case-sensitively as
/// before, under identities that no longer refer to the parsed token. A hub connection keeps its principal for as long as
/// it is open, and the parsed token (its encoded text, its header and payload maps, a second list of claims and their
/// property maps) was about a sixth of the managed memory an idle connection held.
/// </summary>
internal static class HeldPrincipal
{
    public static ClaimsPrincipal Of(ClaimsPrincipal validated) => new(validated.Identities.Select(Copy));

    private static CaseSensitiveClaimsIdentity Copy(ClaimsIdentity identity)
    {
        var copy = new CaseSensitiveClaimsIdentity(identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        foreach (var claim in identity.Claims)
        {
            copy.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer, claim.OriginalIssuer, copy));
        }

        return copy;
    }
}
