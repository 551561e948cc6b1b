using CoachBot.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace CoachBot.Server.Hosting;

internal static class OrleansHosting
{
    /// <summary>Orleans' own membership timings (probe timeout, missed probes, ...), for operators who tune failure detection.</summary>
    public const string FailureDetectionSectionName = "Orleans:FailureDetection";

    /// <summary>
    /// Co-hosts an Orleans silo in the web app with CoachBot's relational grain storage: clustered on localhost (the
    /// embedded default), or with the other hosts of a cluster through a Redis membership table.
    /// </summary>
    public static WebApplicationBuilder AddCoachBotSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadClusterSettings();
        builder.Host.UseOrleans(silo =>
        {
            if (options.IsClustered)
            {
                silo.UseRedisClustering(builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()!.ConnectionString!);
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                // Grains spread evenly over all silos, rather than piling up on the silos whose front ends took the calls.
                silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
                if (options.KubernetesHosting)
                {
                    silo.UseKubernetesHosting();
                }
                else if (options.AdvertisedIPAddress is { } address)
                {
                    silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            }

            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(FailureDetectionSectionName));
            silo.Services.AddCoachBotGrainStorage();
            // Grain calls carry the caller's trace context, so a turn's spans join the hub invocation that started it.
            silo.AddActivityPropagation();
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        });
        return builder;
    }

    /// <summary>
    /// Reads the "Orleans" section and checks what a cluster needs from the other sections: a Redis server to meet at,
    /// and a database every host reaches. Throws <see cref="OptionsValidationException"/> naming the key otherwise.
    /// </summary>
    public static OrleansHostOptions ReadClusterSettings(this IConfiguration configuration)
    {
        var options = configuration.BindValidated<OrleansHostOptions>(OrleansHostOptions.SectionName);
        if (!options.IsClustered)
        {
            return options;
        }

        var redis = configuration.BindValidated<RedisOptions>(RedisOptions.SectionName);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
        {
            failures.Add($"Redis:ConnectionString is required when Orleans:Membership is {OrleansHostOptions.Redis} (for example \"127.0.0.1:6379\").");
        }
        else
        {
            try
            {
                ConfigurationOptions.Parse(redis.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Redis:ConnectionString is not a valid Redis configuration string: {ex.Message}");
            }
        }

        // SQLite is one file: processes of one machine can share it (WAL), other machines cannot. A cluster on SQLite must
        // therefore name the folder its hosts share, rather than each host falling back to its own user's data folder.
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] ?? "Sqlite";
        if (string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"]))
        {
            failures.Add($"Storage:DataDirectory is required when Orleans:Membership is {OrleansHostOptions.Redis} on SQLite: every host must open the same database file, so all hosts run on one machine and name the folder they share. Hosts on several machines use Storage:Provider=PostgreSql.");
        }

        return failures.Count == 0 ? options : throw new OptionsValidationException(OrleansHostOptions.SectionName, typeof(OrleansHostOptions), failures);
    }
}
