using System.Security.Cryptography;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Storage.Secrets;

/// <summary>
/// Tenant secrets encrypted with ASP.NET Core Data Protection (authenticated encryption, keys rotated by the key ring).
/// The purpose chain is (secrets, kind, tenant), so each kind of secret of each tenant has its own derived key.
/// Stored values start with <see cref="Prefix"/>, which marks the format version and tells ciphertext from old plaintext.
/// </summary>
public sealed partial class DataProtectionTenantSecretProtector(IDataProtectionProvider provider, ILogger<DataProtectionTenantSecretProtector> logger)
    : ITenantSecretProtector
{
    /// <summary>The marker of a value encrypted in format version 1.</summary>
    public const string Prefix = "cbsec1:";

    private const string Purpose = "CoachBot.TenantSecrets";

    public string Protect(TenantId tenantId, TenantSecretKind kind, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Prefix + Protector(tenantId, kind).Protect(plaintext);
    }

    public string Unprotect(TenantId tenantId, TenantSecretKind kind, string stored)
    {
        if (TryUnprotect(tenantId, kind, stored, out var plaintext, out var error))
        {
            return plaintext;
        }

        LogUnreadable(error, tenantId.Value, kind);
        throw new TenantSecretUnavailableException(tenantId, kind, error);
    }

    public bool IsProtected(TenantId tenantId, TenantSecretKind kind, string stored) => TryUnprotect(tenantId, kind, stored, out _, out _);

    private bool TryUnprotect(TenantId tenantId, TenantSecretKind kind, string stored, out string plaintext, out Exception? error)
    {
        plaintext = "";
        error = null;
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // Never handed out as a secret: plaintext is only ever found before the encrypting migration ran.
            return false;
        }

        try
        {
            plaintext = Protector(tenantId, kind).Unprotect(stored[Prefix.Length..]);
            return true;
        }
        catch (CryptographicException ex)
        {
            // The exception's message names the missing key id at most; it never carries the payload.
            error = ex;
            return false;
        }
        catch (FormatException ex)
        {
            error = ex;
            return false;
        }
    }

    private IDataProtector Protector(TenantId tenantId, TenantSecretKind kind) => provider.CreateProtector(Purpose, kind.ToString(), tenantId.Value);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The {SecretKind} of tenant {TenantId} cannot be decrypted: the data protection key ring it was encrypted with is missing or different (see Secrets:KeyDirectory). Calls that need it are refused until the key ring is restored or the secret is set again")]
    private partial void LogUnreadable(Exception? exception, string tenantId, TenantSecretKind secretKind);
}
