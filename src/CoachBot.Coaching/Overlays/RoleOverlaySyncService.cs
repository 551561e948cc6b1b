using CoachBot.Coaching.RoleContent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Overlays;

/// <summary>
/// Loads the tenants' overlays when the host starts (the start waits for it), then, every
/// <see cref="RoleContentOptions.OverlaySyncInterval"/>, applies overlays changed through other hosts of the cluster.
/// </summary>
public sealed partial class RoleOverlaySyncService(
    TenantRoleOverlays overlays,
    IOptions<RoleContentOptions> options,
    TimeProvider time,
    ILogger<RoleOverlaySyncService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await overlays.LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.OverlaySyncInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var changed = await overlays.SyncAsync(stoppingToken);
                if (changed > 0)
                {
                    LogSynced(changed);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSyncFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied role overlay changes of {Tenants} tenants made on other hosts")]
    private partial void LogSynced(int tenants);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the stored role overlays failed; retrying at the next interval")]
    private partial void LogSyncFailed(Exception exception);
}
