using CoachBot.Retention;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Retention;

/// <summary>
/// Keeps the cluster's one <see cref="IRetentionSweepGrain"/> scheduled: every host asks at start and then every
/// <see cref="RetentionOptions.KeepScheduledInterval"/>, so after the silo holding it is lost the job resumes on another
/// silo within that time. Hosts never sweep themselves.
/// </summary>
internal sealed partial class RetentionSchedule(IGrainFactory grains, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepScheduledInterval, time);
        try
        {
            do
            {
                try
                {
                    await grains.GetGrain<IRetentionSweepGrain>(IRetentionSweepGrain.Key).EnsureScheduledAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogNotScheduled(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention sweep could not be scheduled; this host asks again shortly")]
    private partial void LogNotScheduled(Exception exception);
}
