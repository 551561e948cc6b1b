using System.Security.Claims;
using System.Security.Cryptography;
using CoachBot.Server.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Tests.Identity;

/// <summary>What a validated session leaves on a long-lived connection: its claims, without the parsed token.</summary>
public sealed class HeldPrincipalTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task The_held_principal_keeps_every_claim_and_lets_the_parsed_token_go()
    {
        var validated = await ValidateAsync(new Dictionary<string, object>
        {
            [CoachBotClaims.Subject] = "anon-1234",
            [CoachBotClaims.Tenant] = "acme",
            [CoachBotClaims.Kind] = CoachBotClaims.SessionKind,
            [CoachBotClaims.Verified] = true,
        });
        var token = Assert.IsType<CaseSensitiveClaimsIdentity>(validated.Identity);
        Assert.NotNull(token.SecurityToken);

        var held = HeldPrincipal.Of(validated);

        var identity = Assert.IsType<CaseSensitiveClaimsIdentity>(Assert.Single(held.Identities));
        Assert.Null(identity.SecurityToken);
        Assert.True(identity.IsAuthenticated);
        Assert.Equal(token.AuthenticationType, identity.AuthenticationType);
        Assert.Equal(token.NameClaimType, identity.NameClaimType);
        Assert.Equal("anon-1234", identity.Name);
        Assert.Equal(
            validated.Claims.Select(c => (c.Type, c.Value, c.ValueType, c.Issuer)),
            held.Claims.Select(c => (c.Type, c.Value, c.ValueType, c.Issuer)));
        Assert.All(held.Claims, claim => Assert.Same(identity, claim.Subject));
        Assert.True(held.TryGetUserKey(out var user));
        Assert.Equal(("acme", "anon-1234"), (user.Tenant.Value, user.User.Value));
        Assert.True(held.IsVerified());
        Assert.NotNull(held.FindFirst("exp"));
    }

    [Fact]
    public async Task Claim_types_are_still_told_apart_by_case()
    {
        var validated = await ValidateAsync(new Dictionary<string, object>
        {
            [CoachBotClaims.Subject] = "anon-1",
            [CoachBotClaims.Tenant] = "acme",
            ["TID"] = "other",
        });

        var held = HeldPrincipal.Of(validated);

        Assert.Equal("acme", held.FindFirstValue(CoachBotClaims.Tenant));
        Assert.Equal("other", held.FindFirstValue("TID"));
        Assert.Single(held.FindAll(CoachBotClaims.Tenant));
    }

    private static async Task<ClaimsPrincipal> ValidateAsync(Dictionary<string, object> claims)
    {
        var handler = new JsonWebTokenHandler { MapInboundClaims = false };
        var now = DateTime.UtcNow;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "coachbot",
            Audience = "coachbot",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "coachbot",
            ValidAudience = "coachbot",
            IssuerSigningKey = Key,
            NameClaimType = CoachBotClaims.Subject,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }
}
