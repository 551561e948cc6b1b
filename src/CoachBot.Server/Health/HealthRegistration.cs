using CoachBot.Coaching;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.Retrieval;
using CoachBot.Storage.Relational;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoachBot.Server.Health;

internal static class HealthRegistration
{
    private const string Ready = "ready";

    /// <summary>Liveness (the process answers) and readiness (database, silo and prompts are usable).</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<SiloHealthCheck>("orleans", tags: [Ready])
            .AddCheck<PromptsHealthCheck>("prompts", tags: [Ready])
            .AddCheck<RetrievalHealthCheck>("retrieval", tags: [Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // A check that is only waiting (the retrieval index still building) reports Degraded, which logs a warning, not an
        // error; readiness still answers 503 until it is done.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReadinessAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }

    // Once the host has said it is ready, the warm-up work it held back can have the processor.
    private static async Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        await HealthReportWriter.WriteAsync(context, report);
        if (report.Status == HealthStatus.Healthy)
        {
            context.RequestServices.GetService<WarmUpSchedule>()?.ReportReady();
        }
    }
}

internal sealed class DatabaseHealthCheck(RelationalDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy(database.Dialect.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect.Name} is not reachable.", ex);
        }
    }
}

internal sealed class SiloHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}."));
}

internal sealed class RetrievalHealthCheck(HybridRetriever retriever) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(retriever.State switch
        {
            RetrievalIndexState.Ready => HealthCheckResult.Healthy($"{retriever.Index!.Statistics.Documents} sections indexed in {retriever.Index.Statistics.BuildTime.TotalMilliseconds:0} ms"),
            RetrievalIndexState.Building => HealthCheckResult.Degraded("The retrieval index is being built."),
            // Replies still work (from the intent's sections): ready. The build failure itself was logged when it happened.
            _ => HealthCheckResult.Healthy("The retrieval index failed to build; replies use the intent's sections only."),
        });
}

internal sealed class PromptsHealthCheck(PromptLibrary prompts) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{prompts.Prompts.Count} prompts"));
}
