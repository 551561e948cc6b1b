using CoachBot.Storage.GrainState;
using CoachBot.Review;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Review;
using CoachBot.Storage.Secrets;
using CoachBot.Storage.Tenancy;
using CoachBot.Tenancy;
using CoachBot.Storage.Transcripts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;

namespace CoachBot.Storage;

/// <summary>Registers CoachBot's storage.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The database (SQLite or PostgreSQL, per <see cref="StorageOptions.Provider"/>), the stores and their options (validated on start).</summary>
    public static IServiceCollection AddCoachBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISqlDialect>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.UsesPostgreSql)
            {
                return new PostgresDialect(options.ConnectionString!, options.BusyTimeout);
            }

            var folder = options.ResolveDataDirectory();
            Directory.CreateDirectory(folder);
            return new SqliteDialect(Path.Combine(folder, options.SqliteFileName), options.BusyTimeout);
        });
        services.AddTenantSecretProtection(configuration);
        services.AddSingleton<RelationalDatabase>();
        services.AddSingleton<ITranscriptStore, RelationalTranscriptStore>();
        services.AddSingleton<ITenantStore, RelationalTenantStore>();
        services.AddSingleton<IConsentStore, RelationalConsentStore>();
        services.AddSingleton<IUserErasureStore, RelationalUserErasureStore>();
        services.AddSingleton<IRoleOverlayStore, RelationalRoleOverlayStore>();
        services.AddSingleton<IChannelIdentityStore, RelationalChannelIdentityStore>();
        services.AddSingleton<IChannelEventLog, RelationalChannelEventLog>();
        services.AddSingleton<RelationalCoachReviewStore>();
        services.AddSingleton<ICoachReviewStore>(sp => sp.GetRequiredService<RelationalCoachReviewStore>());
        services.AddSingleton<IApprovedAnswerStore>(sp => sp.GetRequiredService<RelationalCoachReviewStore>());
        return services;
    }

    /// <summary>The relational grain storage, registered under <see cref="StorageNames.GrainState"/>.</summary>
    public static IServiceCollection AddCoachBotGrainStorage(this IServiceCollection services) =>
        services.AddGrainStorage(StorageNames.GrainState, (sp, name) => new RelationalGrainStorage(
            name,
            sp.GetRequiredService<RelationalDatabase>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RelationalGrainStorage>>()));
}
