using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Storage.Secrets;

/// <summary>Registers the encryption of tenant secrets.</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>The application name every host shares, so all of them derive the same keys from one key ring.</summary>
    public const string ApplicationName = "CoachBot";

    /// <summary>
    /// Data Protection with its key ring persisted in <see cref="SecretsOptions.KeyDirectory"/> (by default in the data
    /// folder), the <see cref="ITenantSecretProtector"/>, and the migration that encrypts secrets stored before encryption.
    /// </summary>
    public static IServiceCollection AddTenantSecretProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.SectionName)).ValidateOnStart();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, IOptions<SecretsOptions>, ILoggerFactory>((keys, storage, secrets, loggers) =>
        {
            var folder = Directory.CreateDirectory(secrets.Value.ResolveKeyDirectory(storage.Value));
            keys.XmlRepository = new FileSystemXmlRepository(folder, loggers);
        });
        services.AddSingleton<ITenantSecretProtector, DataProtectionTenantSecretProtector>();
        services.AddSingleton<Relational.IDataMigration, EncryptTenantSecretsMigration>();
        return services;
    }
}
