using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace CoachBot.Server.Telemetry;

/// <summary>Where traces and metrics go. Off by default: nothing is exported until an OTLP endpoint is set.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Telemetry";

    /// <summary>The OTLP collector, e.g. <c>http://otel-collector:4317</c>; empty keeps telemetry off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317 by convention) or <c>HttpProtobuf</c> (4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    [Required, MaxLength(100)]
    public string ServiceName { get; set; } = "coachbot";

    public bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"OtlpEndpoint must be an absolute http or https address; got '{OtlpEndpoint}'.", [nameof(OtlpEndpoint)]);
        }
    }
}
