using CoachBot.Diagnostics;
using CoachBot.Server.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CoachBot.Server.Telemetry;

/// <summary>
/// OpenTelemetry for a turn end to end: the SignalR invocation, the Orleans grain call, the turn with its retrieval,
/// model call and store writes, and outgoing HTTP (model providers, Slack, Teams); metrics for time to first token,
/// turn time, tokens, active turns, grain activations, errors by code and timer lateness (<see cref="TimerLatenessProbe"/>). Exported over OTLP only when configured:
/// with no endpoint nothing subscribes, and the spans cost nothing.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Sources whose spans make up a turn; the SignalR and Orleans ones belong to the frameworks.</summary>
    public static readonly string[] ActivitySources =
    [
        CoachBotTelemetry.Name,
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        "Microsoft.SemanticKernel*",
    ];

    /// <summary>Meters worth exporting: CoachBot's own, Orleans' (activations, messaging), ASP.NET Core's and Kestrel's.</summary>
    public static readonly string[] Meters =
    [
        CoachBotTelemetry.Name,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
    ];

    internal static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        // Always on, like the other meters: it costs one timer a second and nothing is kept until a listener subscribes.
        builder.Services.AddHostedService<TimerLatenessProbe>();
        var options = builder.Configuration.BindValidated<TelemetryOptions>(TelemetryOptions.SectionName);
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing.AddCoachBotInstrumentation())
            .WithMetrics(metrics => metrics.AddCoachBotInstrumentation())
            .UseOtlpExporter(options.OtlpProtocol, new Uri(options.OtlpEndpoint!));
        return builder;
    }

    /// <summary>The spans of a turn, for any tracer provider (the OTLP one above, or another exporter).</summary>
    public static TracerProviderBuilder AddCoachBotInstrumentation(this TracerProviderBuilder tracing) =>
        tracing.AddSource(ActivitySources)
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
            .AddHttpClientInstrumentation();

    /// <summary>The metrics CoachBot reports, for any meter provider.</summary>
    public static MeterProviderBuilder AddCoachBotInstrumentation(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(Meters)
            .AddRuntimeInstrumentation()
            .AddView("coachbot.turn.time_to_first_token", new ExplicitBucketHistogramConfiguration { Boundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] })
            .AddView("coachbot.turn.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000] });
}
