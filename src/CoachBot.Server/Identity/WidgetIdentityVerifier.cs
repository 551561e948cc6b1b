using System.Security.Cryptography;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

/// <summary>
/// Decides who a widget user is from what the host page passed: its tenant's widget key, and optionally a user id
/// vouched for by the tenant's identity secret (an HMAC of the user id, or a short-lived HS256 token).
/// </summary>
public sealed class WidgetIdentityVerifier(ITenantStore store, TimeProvider time)
{
    /// <summary>How far in the future an identity token may expire.</summary>
    public static readonly TimeSpan MaxIdentityTokenLifetime = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The user and whether the tenant vouched for them; throws <see cref="CoachBotException"/> on every refusal.</summary>
    public async Task<(UserKey User, bool Verified)> VerifyAsync(WidgetIdentityRequest request, CancellationToken cancellationToken)
    {
        // One answer for malformed and unknown keys, so the response does not reveal which tenants exist.
        var tenant = WidgetKeys.IsWellFormedWidgetKey(request.TenantKey)
            ? await store.FindTenantByWidgetKeyAsync(request.TenantKey!, cancellationToken)
            : null;
        if (tenant is null)
        {
            throw new CoachBotException(ErrorCodes.TenantKeyInvalid, "The tenant key is not valid.");
        }

        if (request.IdentityToken is null && request.UserId is null && request.UserHash is null)
        {
            return (new UserKey(tenant.Id, UserId.NewAnonymous()), false);
        }

        var secret = await store.GetIdentitySecretAsync(tenant.Id, cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.IdentityInvalid, "This tenant does not accept verified identities yet.");
        var user = request.IdentityToken is { } token
            ? await VerifyTokenAsync(tenant.Id, token, secret, cancellationToken)
            : VerifyHash(request.UserId, request.UserHash, secret);
        return (new UserKey(tenant.Id, user), true);
    }

    /// <summary>HMAC-SHA256 of the user id keyed with the identity secret, as lowercase hex: what a host site computes.</summary>
    public static string ComputeUserHash(string identitySecret, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(identitySecret), Encoding.UTF8.GetBytes(userId)));

    private static UserId VerifyHash(string? userId, string? userHash, string secret)
    {
        if (userId is null || userHash is null)
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "userId and userHash go together.");
        }

        var user = RequireVerifiableUserId(userId);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userId));
        var presented = new byte[expected.Length];
        var wellFormed = userHash.Length == expected.Length * 2
            && Convert.FromHexString(userHash, presented, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == expected.Length;
        if (!wellFormed | !CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "The user hash does not match the user id.");
        }

        return user;
    }

    private async Task<UserId> VerifyTokenAsync(TenantId tenant, string token, string secret, CancellationToken cancellationToken)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            // Lifetime is checked below against CoachBot's clock, once the signature is known to be the tenant's.
            ValidateLifetime = false,
            RequireSignedTokens = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "The identity token is not valid.");
        }

        var now = time.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expires + ClockSkew < now)
        {
            throw new CoachBotException(ErrorCodes.IdentityExpired, "The identity token has expired.");
        }

        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) - ClockSkew > now)
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "The identity token is not valid yet.");
        }

        if (expires - now > MaxIdentityTokenLifetime + ClockSkew)
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "The identity token must expire within 10 minutes.");
        }

        if (!jwt.TryGetPayloadValue<long>("iat", out _) || string.IsNullOrEmpty(jwt.Id) || jwt.Id.Length > 200)
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "The identity token needs iat and jti claims.");
        }

        var user = RequireVerifiableUserId(jwt.Subject);
        if (!await store.TryUseIdentityTokenAsync(tenant, jwt.Id, expires + ClockSkew, now, cancellationToken))
        {
            throw new CoachBotException(ErrorCodes.IdentityReplayed, "The identity token has already been used.");
        }

        return user;
    }

    private static UserId RequireVerifiableUserId(string? text)
    {
        if (!UserId.TryParse(text, out var user))
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "The user id must be 1-128 letters, digits or . _ - @ : +, starting with a letter or digit.");
        }

        // Anonymous ids are CoachBot's own; a verified user can never take one over.
        if (user.Value.StartsWith("anon-", StringComparison.OrdinalIgnoreCase))
        {
            throw new CoachBotException(ErrorCodes.IdentityInvalid, "Verified user ids must not start with \"anon-\".");
        }

        return user;
    }
}

/// <summary>The optional body of <c>POST /api/sessions</c>.</summary>
/// <param name="TenantKey">The tenant's public widget key (<c>cbw_...</c>); without it the session is anonymous in the default tenant.</param>
/// <param name="UserId">The host site's user id, with <paramref name="UserHash"/>.</param>
/// <param name="UserHash">Lowercase hex HMAC-SHA256 of <paramref name="UserId"/> keyed with the tenant's identity secret.</param>
/// <param name="IdentityToken">Instead of the hash: an HS256 JWT signed with the identity secret, claims sub, iat, exp (at most 10 minutes ahead) and jti.</param>
public sealed record WidgetIdentityRequest(string? TenantKey, string? UserId, string? UserHash, string? IdentityToken);
