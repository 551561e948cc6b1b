using CoachBot.Server.Hosting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;

namespace CoachBot.Server.Cluster;

/// <summary>
/// What the hosts of a Redis cluster share beyond Orleans: one Redis connection, the Data Protection key ring (tenant
/// secrets written by one host are read by every other) and the session signing key (a token issued by one front end
/// is accepted by all). On localhost clustering nothing is registered and both stay in the data folder.
/// </summary>
internal static class ClusterRegistration
{
    public static WebApplicationBuilder AddClusterSharing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OrleansHostOptions>().Bind(builder.Configuration.GetSection(OrleansHostOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisOptions>().Bind(builder.Configuration.GetSection(RedisOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Configuration.IsRedisCluster())
        {
            return builder;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<SharedSigningKey>();
        // Registered after the storage's file-system key ring, so this repository is the one Data Protection uses.
        services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((keys, redis) =>
            keys.XmlRepository = new RedisXmlRepository(() => redis.Database, redis.Key("data-protection-keys")));
        return builder;
    }

    /// <summary>Whether this host is one of a Redis-clustered set of hosts.</summary>
    public static bool IsRedisCluster(this IConfiguration configuration) =>
        string.Equals(configuration[$"{OrleansHostOptions.SectionName}:{nameof(OrleansHostOptions.Membership)}"], OrleansHostOptions.Redis, StringComparison.OrdinalIgnoreCase);
}
