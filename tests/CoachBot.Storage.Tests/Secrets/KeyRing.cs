using CoachBot.Storage.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Storage.Tests.Secrets;

/// <summary>A Data Protection key ring persisted in its own temporary folder, as a host keeps it in its data folder.</summary>
public sealed class KeyRing : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coachbot-keys-");

    public ITenantSecretProtector Protector(ILogger<DataProtectionTenantSecretProtector>? logger = null) => new DataProtectionTenantSecretProtector(
        DataProtectionProvider.Create(_folder, builder => builder.SetApplicationName(SecretsServiceCollectionExtensions.ApplicationName)),
        logger ?? NullLogger<DataProtectionTenantSecretProtector>.Instance);

    public void Dispose() => _folder.Delete(recursive: true);
}
