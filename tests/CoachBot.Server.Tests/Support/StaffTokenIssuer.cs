using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Tests.Support;

/// <summary>A stand-in identity provider: mints coach and tenant-admin JWTs with its own key, which the test host is configured to trust.</summary>
public sealed class StaffTokenIssuer
{
    public const string Issuer = "https://idp.test";
    public const string Audience = "coachbot-staff";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The Auth:Staff settings that make a host trust this issuer.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Auth:Staff:Issuer"] = Issuer,
        ["Auth:Staff:Audience"] = Audience,
        ["Auth:Staff:SigningKeys:0"] = Convert.ToBase64String(_key),
    };

    /// <summary>A staff token for <paramref name="subject"/> in <paramref name="tenantId"/> with the given roles.</summary>
    public string Mint(string subject, string tenantId, string[] roles, DateTimeOffset? expires = null, byte[]? key = null, string? name = null)
    {
        var end = expires ?? DateTimeOffset.UtcNow.AddMinutes(30);
        var claims = new List<Claim> { new("sub", subject), new("tid", tenantId) };
        if (name is not null)
        {
            claims.Add(new Claim("name", name));
        }

        claims.AddRange(roles.Select(role => new Claim("roles", role)));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = end.AddHours(-1).UtcDateTime,
            NotBefore = end.AddHours(-1).UtcDateTime,
            Expires = end.UtcDateTime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? _key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A client sending <paramref name="token"/> as a bearer token.</summary>
    public static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
