using CoachBot.Storage.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Storage.Tests.Secrets;

/// <summary>Real Data Protection with an in-memory key ring, for stores whose secrets a test does not inspect on disk.</summary>
public static class TestSecrets
{
    public static ITenantSecretProtector Protector { get; } =
        new DataProtectionTenantSecretProtector(new EphemeralDataProtectionProvider(), NullLogger<DataProtectionTenantSecretProtector>.Instance);
}
