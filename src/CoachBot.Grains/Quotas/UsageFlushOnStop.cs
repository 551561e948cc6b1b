using Microsoft.Extensions.Logging;

namespace CoachBot.Grains.Quotas;

/// <summary>
/// As the silo begins to stop, and before it leaves the cluster, tells every usage counter on it to flush and to pass
/// on later counts at once: once the silo has left, the tenants' grains can no longer be reached from it, and what a
/// counter still held would not be counted.
/// </summary>
internal sealed partial class UsageFlushOnStop(IGrainFactory grains, UsageCounters counters, ILogger<UsageFlushOnStop> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UsageFlushOnStop), ServiceLifecycleStage.Active, _ => Task.CompletedTask, FlushAllAsync);

    private Task FlushAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(counters.Tenants.Select(tenant => FlushAsync(tenant, cancellationToken)));

    private async Task FlushAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<ITenantUsageCounterGrain>(tenantId).FlushForStopAsync().WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogNotFlushed(ex, tenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model tokens tenant {TenantId} used on this silo could not be counted as it stopped")]
    private partial void LogNotFlushed(Exception exception, string tenantId);
}
