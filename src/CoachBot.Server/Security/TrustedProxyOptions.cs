using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CoachBot.Server.Security;

/// <summary>
/// The reverse proxies (TLS terminators, load balancers) whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>
/// headers CoachBot believes. Bound from the "ForwardedHeaders" configuration section. With none listed, forwarded
/// headers are ignored: anyone could send them.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of the proxies ("10.0.0.5", "::1").</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation ("10.0.0.0/24").</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row a request may pass (each appends to X-Forwarded-For).</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"'{proxy}' in {SectionName}:KnownProxies is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"'{network}' in {SectionName}:KnownNetworks is not a CIDR network.", [nameof(KnownNetworks)]);
        }
    }
}
