using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CoachBot.Server.Hosting;

/// <summary>The co-hosted Orleans silo. Bound from the "Orleans" configuration section.</summary>
public sealed class OrleansHostOptions : IValidatableObject
{
    public const string SectionName = "Orleans";

    /// <summary>One silo on the loopback interface (the embedded default).</summary>
    public const string Localhost = "Localhost";

    /// <summary>Silos find each other through a Redis membership table (<see cref="RedisOptions.ConnectionString"/>).</summary>
    public const string Redis = "Redis";

    /// <summary>
    /// How silos find each other: <see cref="Localhost"/> or <see cref="Redis"/>. (Orleans itself reads
    /// "Orleans:Clustering" as its own provider section, so the choice lives under this name.)
    /// </summary>
    [Required, AllowedValues(Localhost, Redis)]
    public string Membership { get; set; } = Localhost;

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9-]{1,64}$")]
    public string ClusterId { get; set; } = "coachbot";

    /// <summary>Identifies the service across deployments; grain state is keyed by it.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9-]{1,64}$")]
    public string ServiceId { get; set; } = "coachbot";

    /// <summary>Silo-to-silo port (on the loopback interface when clustered on localhost).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one at (an IP address), when clustered through Redis. Empty: the host's own
    /// address as the operating system reports it. The silo listens on all interfaces.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Whether the silos of this host share a cluster with other processes.</summary>
    /// <summary>
    /// On Kubernetes: take the silo's name, address and cluster identity from its pod (the <c>POD_*</c> and
    /// <c>ORLEANS_*</c> variables and the <c>orleans/serviceId</c> / <c>orleans/clusterId</c> labels), and declare silos
    /// whose pod is gone dead at once. Membership stays in Redis.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    public bool IsClustered => Membership == Redis;

    /// <summary>The parsed <see cref="AdvertisedAddress"/>, or null.</summary>
    public IPAddress? AdvertisedIPAddress => IPAddress.TryParse(AdvertisedAddress, out var address) ? address : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult($"SiloPort and GatewayPort must differ (both are {SiloPort}).", [nameof(SiloPort), nameof(GatewayPort)]);
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && AdvertisedIPAddress is null)
        {
            yield return new ValidationResult($"AdvertisedAddress must be an IP address, not \"{AdvertisedAddress}\".", [nameof(AdvertisedAddress)]);
        }

        if (KubernetesHosting && !IsClustered)
        {
            yield return new ValidationResult($"KubernetesHosting needs Membership={Redis}: Kubernetes hosting names and places silos, Redis is where they meet.", [nameof(KubernetesHosting)]);
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IsClustered)
        {
            yield return new ValidationResult($"AdvertisedAddress applies only to Membership={Redis}; a {Localhost} silo is reached on the loopback interface.", [nameof(AdvertisedAddress)]);
        }
    }
}
