using System.Security.Claims;
using CoachBot.Ids;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

/// <summary>Issues signed session tokens carrying the tenant and the user. Nothing else in a token is trusted.</summary>
public sealed class SessionTokens(SigningKeyProvider keys, IOptions<SessionTokenOptions> options, TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// A token for <paramref name="user"/>; <paramref name="verified"/> says whether the tenant vouched for the user id, and
    /// <paramref name="credentials"/> is the stamp of the tenant credentials that vouched (see <see cref="SessionCredentials"/>).
    /// </summary>
    public IssuedSession Issue(UserKey user, bool verified = false, string? credentials = null)
    {
        var claims = new List<Claim>
        {
            new(CoachBotClaims.Subject, user.User.Value),
            new(CoachBotClaims.Tenant, user.Tenant.Value),
            new(CoachBotClaims.Kind, CoachBotClaims.SessionKind),
            new(CoachBotClaims.Verified, verified ? "true" : "false", ClaimValueTypes.Boolean),
        };
        if (verified && credentials is not null)
        {
            claims.Add(new Claim(SessionCredentials.Claim, credentials));
        }

        var now = timeProvider.GetUtcNow();
        var expires = now + options.Value.SessionLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedSession(token, "Bearer", expires, user.Tenant.Value, user.User.Value, verified);
    }

    /// <summary>What validates the tokens this service issues.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKey = keys.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = CoachBotClaims.Subject,
    };
}

/// <summary>A new session.</summary>
/// <param name="Token">The bearer token: send it as "Authorization: Bearer ..." or, for the hub, as the access_token query parameter.</param>
/// <param name="TokenType">Always "Bearer".</param>
/// <param name="ExpiresAt">When the token stops being accepted.</param>
/// <param name="TenantId">The tenant the session belongs to.</param>
/// <param name="UserId">The user the session belongs to.</param>
/// <param name="Verified">True when the tenant vouched for the user id (HMAC or identity token); false for anonymous users.</param>
public sealed record IssuedSession(string Token, string TokenType, DateTimeOffset ExpiresAt, string TenantId, string UserId, bool Verified);

/// <summary>Claim names in CoachBot's tokens.</summary>
public static class CoachBotClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tid";
    public const string Kind = "kind";
    public const string SessionKind = "session";
    public const string ApiKeyKind = "api-key";
    public const string StaffKind = "staff";
    public const string Role = "role";
    public const string Verified = "verified";

    /// <summary>A staff member's display name (the OpenID Connect <c>name</c>, else <c>preferred_username</c>).</summary>
    public const string Name = "name";

    /// <summary>True when the principal's session was created for a user id its tenant vouched for.</summary>
    public static bool IsVerified(this ClaimsPrincipal principal) =>
        string.Equals(principal.FindFirstValue(Verified), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tenant and user of an authenticated principal; false when either is missing or malformed.</summary>
    public static bool TryGetUserKey(this ClaimsPrincipal principal, out UserKey user)
    {
        user = default;
        if (principal.Identity?.IsAuthenticated != true
            || !TenantId.TryParse(principal.FindFirstValue(Tenant), out var tenant)
            || !UserId.TryParse(principal.FindFirstValue(Subject), out var userId))
        {
            return false;
        }

        user = new UserKey(tenant, userId);
        return true;
    }
}
