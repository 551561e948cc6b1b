using CoachBot.Ids;
using CoachBot.Storage;
using CoachBot.Tenancy;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Retention;

/// <summary>
/// Deletes transcript rows older than each tenant's retention days, once per <see cref="RetentionOptions.SweepInterval"/>
/// (on the injected clock), after dropping the same turns from the users' grain state, so no copy of the text outlives
/// the window. A failed sweep is logged and the next one tries again.
/// </summary>
public sealed partial class TranscriptRetentionService(
    ITenantStore tenants, ITranscriptStore transcripts, IRetainedTurns retained, IOptions<RetentionOptions> options, TimeProvider time,
    ILogger<TranscriptRetentionService> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>Raised after each sweep with the number of rows deleted.</summary>
    public event Action<int>? Swept;

    /// <summary>One sweep over all tenants; returns the number of rows deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var tenant in await tenants.ListTenantsAsync(cancellationToken))
        {
            var cutoff = now.AddDays(-tenant.Settings.RetentionDays);
            // Grain state first: a grain that cannot be reached keeps its rows too, so the next sweep finds it again.
            var trimmed = true;
            foreach (var user in await transcripts.ListUsersWithMessagesBeforeAsync(tenant.Id, cutoff, cancellationToken))
            {
                try
                {
                    await retained.ForgetBeforeAsync(new UserKey(tenant.Id, user), cutoff);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTrimFailed(ex, tenant.Id.Value, user.Value);
                    trimmed = false;
                }
            }

            if (trimmed)
            {
                deleted += await transcripts.DeleteOlderThanAsync(tenant.Id, cutoff, cancellationToken);
            }
        }

        return deleted;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The schedule starts now, not when the background loop first gets a thread.
        _timer = new PeriodicTimer(options.Value.SweepInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The service was not started.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var deleted = 0;
                try
                {
                    deleted = await SweepAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        LogSwept(deleted);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }

                Swept?.Invoke(deleted);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} transcript rows")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not trim the recent turns of {TenantId} {UserId}; the tenant's rows wait for the next sweep")]
    private partial void LogTrimFailed(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; the next one will retry")]
    private partial void LogSweepFailed(Exception exception);
}
