using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Secrets;

/// <summary>
/// Encrypts tenant secrets before they are stored and decrypts them for use. Each value is bound to its tenant and its
/// kind, so a stored value copied to another tenant's row or column does not decrypt.
/// </summary>
public interface ITenantSecretProtector
{
    /// <summary>The stored form of <paramref name="plaintext"/>: a version prefix and the ciphertext.</summary>
    string Protect(TenantId tenantId, TenantSecretKind kind, string plaintext);

    /// <summary>The secret; throws <see cref="TenantSecretUnavailableException"/> (after logging it, without the value) when it cannot be decrypted.</summary>
    string Unprotect(TenantId tenantId, TenantSecretKind kind, string stored);

    /// <summary>True when <paramref name="stored"/> is a value this protector wrote and can decrypt; false for plaintext.</summary>
    bool IsProtected(TenantId tenantId, TenantSecretKind kind, string stored);
}
