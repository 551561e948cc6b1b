using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Tests.Identity;

/// <summary>A tenant with its widget key and identity secret, and what a host site would compute with them.</summary>
public sealed record WidgetTenant(string TenantId, string AdminKey, string WidgetKey, string IdentitySecret)
{
    /// <summary>Creates a tenant through the operator API and gives it an identity secret through its admin.</summary>
    public static async Task<WidgetTenant> CreateAsync(TenantHostFixture fixture, string name, CancellationToken cancellationToken)
    {
        var tenantId = name + "-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await fixture.CreateTenantWithAdminKeyAsync(tenantId, "sk-unused-model-key", cancellationToken);
        using var client = fixture.KeyClient(admin.Key);
        using var rotated = await client.PostAsync(new Uri("/api/tenant/identity-secret", UriKind.Relative), null, cancellationToken);
        rotated.EnsureSuccessStatusCode();
        var secret = (await rotated.Content.ReadFromJsonAsync<IdentitySecretResponse>(TestHost.Json, cancellationToken))!.IdentitySecret;
        var tenant = (await client.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, cancellationToken))!;
        return new WidgetTenant(tenantId, admin.Key, tenant.WidgetKey!, secret);
    }

    /// <summary>A verified session of <paramref name="userId"/>, as the host site's page would start it.</summary>
    public async Task<IssuedSession> SignInAsync(TestHost host, string userId, CancellationToken cancellationToken)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = WidgetKey, userId, userHash = HashFor(userId) }, TestHost.Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, cancellationToken))!;
    }

    /// <summary>The hex HMAC-SHA256 a host site sends beside the user id.</summary>
    public string HashFor(string userId) => WidgetIdentityVerifier.ComputeUserHash(IdentitySecret, userId);

    /// <summary>An identity token as a host site would mint it.</summary>
    public string TokenFor(string userId, DateTimeOffset expires, string? jti = null, string? secret = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("jti", jti ?? Guid.NewGuid().ToString("N"))]),
            IssuedAt = expires.AddMinutes(-5).UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret ?? IdentitySecret)), SecurityAlgorithms.HmacSha256),
        });
    }
}
