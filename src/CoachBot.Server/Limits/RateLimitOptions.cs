using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Limits;

/// <summary>Request rate limits of signed-in users. Bound from the "RateLimits" configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests (REST calls and hub method calls) one user may make per <see cref="Window"/>.</summary>
    [Range(1, 1_000_000)]
    public int PerUserPermitLimit { get; set; } = 120;

    /// <summary>Requests all users of one tenant together may make per <see cref="Window"/>.</summary>
    [Range(1, 10_000_000)]
    public int PerTenantPermitLimit { get; set; } = 6000;

    /// <summary>Hub connections one user may hold open at once on one host.</summary>
    [Range(1, 1000)]
    public int ConnectionsPerUser { get; set; } = 20;

    /// <summary>The fixed window the limits count in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
