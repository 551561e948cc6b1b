using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoachBot.Server.Health;

/// <summary>
/// Readiness as JSON, one entry per component, so an operator (or a load balancer's log) sees which part is not ready:
/// <c>{"status":"Unhealthy","durationMs":3.1,"components":{"database":{"status":"Healthy","description":"sqlite","durationMs":1.2},…}}</c>.
/// Exception details stay in the log; the body says only what is public.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        writer.WriteStartObject("components");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            if (entry.Description is { Length: > 0 } description)
            {
                writer.WriteString("description", description);
            }

            writer.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
