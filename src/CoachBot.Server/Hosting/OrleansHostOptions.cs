using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Hosting;

/// <summary>The co-hosted Orleans silo. Bound from the "Orleans" configuration section.</summary>
public sealed class OrleansHostOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9-]{1,64}$")]
    public string ClusterId { get; set; } = "coachbot";

    /// <summary>Identifies the service across deployments; grain state is keyed by it.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9-]{1,64}$")]
    public string ServiceId { get; set; } = "coachbot";

    /// <summary>Silo-to-silo port on the loopback interface.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
