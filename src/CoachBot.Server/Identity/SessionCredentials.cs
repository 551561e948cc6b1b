using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

/// <summary>
/// Ties a verified session to the tenant credentials it was made with. A verified session carries a stamp of the widget
/// key and identity secret of its tenant at the time; once the tenant replaces either, the stamp no longer matches and
/// the session ends (renewal and every request are refused with <c>session_revoked</c>) — on this host at once, on
/// others within <see cref="Lifetime"/>. The stamp is a MAC under the session signing key, so it reveals nothing of the
/// credentials.
/// </summary>
public sealed class SessionCredentials(ITenantStore store, SigningKeyProvider keys, TimeProvider time)
{
    /// <summary>The claim carrying the stamp in a verified session token.</summary>
    public const string Claim = "cred";

    /// <summary>How long a host keeps a tenant's stamp before reading the credentials again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TenantId, (string? Stamp, DateTimeOffset ReadAt)> _stamps = new();

    /// <summary>The stamp of the tenant's current credentials; null when it has no identity secret (nobody can be verified).</summary>
    public async ValueTask<string?> CurrentAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_stamps.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < Lifetime)
        {
            return cached.Stamp;
        }

        var tenant = await store.GetTenantAsync(tenantId, cancellationToken);
        var secret = tenant is null ? null : await store.GetIdentitySecretAsync(tenantId, cancellationToken);
        var stamp = secret is null ? null : Stamp(tenant!.WidgetKey ?? "", secret);
        _stamps[tenantId] = (stamp, now);
        return stamp;
    }

    /// <summary>True when <paramref name="presented"/> is the stamp of the tenant's current credentials.</summary>
    public async ValueTask<bool> IsCurrentAsync(TenantId tenantId, string? presented, CancellationToken cancellationToken = default) =>
        presented is not null
        && await CurrentAsync(tenantId, cancellationToken) is { } current
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(presented));

    /// <summary>Drops the cached stamp after the tenant's credentials changed on this host.</summary>
    public void Forget(TenantId tenantId) => _stamps.TryRemove(tenantId, out _);

    private string Stamp(string widgetKey, string identitySecret)
    {
        var mac = HMACSHA256.HashData(keys.Key.Key, Encoding.UTF8.GetBytes($"session-credentials\n{widgetKey}\n{identitySecret}"));
        return Base64UrlEncoder.Encode(mac.AsSpan(0, 16).ToArray());
    }
}

/// <summary>The session was made with tenant credentials that have since been replaced.</summary>
public sealed class SessionRevokedException() : SecurityTokenException("The session was made with credentials the tenant has replaced.");
