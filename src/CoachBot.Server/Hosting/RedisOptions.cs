using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Hosting;

/// <summary>
/// The Redis server a cluster shares: Orleans membership, the SignalR backplane, the Data Protection key ring, the session
/// signing key and the cluster-wide rate-limit counters. Bound from the "Redis" configuration section; used only when
/// <see cref="OrleansHostOptions.Membership"/> is <see cref="OrleansHostOptions.Redis"/>.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, such as "redis:6379" or "10.0.0.7:6379,password=...".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long one Redis command may take before the caller falls back (rate limits) or fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
