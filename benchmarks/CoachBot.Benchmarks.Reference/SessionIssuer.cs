using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Benchmarks.Reference;

/// <summary>What <c>POST /api/sessions</c> answers, shaped like CoachBot's.</summary>
public sealed record SessionResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, string TenantId, string UserId, bool Verified);

/// <summary>Anonymous widget sessions in the default tenant: HS256 tokens with CoachBot's claims (sub, tid, verified, kind).</summary>
public sealed class SessionIssuer(SymmetricSecurityKey key, TimeProvider time)
{
    public const string Issuer = "coachbot-reference";
    public const string DefaultTenant = "default";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(key, SecurityAlgorithms.HmacSha256);

    public SessionResponse IssueAnonymous()
    {
        var userId = "anon-" + Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var expires = now + Lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object> { ["sub"] = userId, ["tid"] = DefaultTenant, ["verified"] = false, ["kind"] = "session" },
        });
        return new SessionResponse(token, "Bearer", expires, DefaultTenant, userId, false);
    }

    public static TokenValidationParameters ValidationParameters(SymmetricSecurityKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = "sub",
    };

    /// <summary>The (tenant, user) of a validated principal, or null when the token lacks them.</summary>
    public static (string Tenant, string User)? UserOf(ClaimsPrincipal? principal) =>
        principal?.FindFirst("tid")?.Value is { } tenant && principal.FindFirst("sub")?.Value is { } user ? (tenant, user) : null;
}
