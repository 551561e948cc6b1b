using CoachBot.Ids;
using CoachBot.Storage;
using CoachBot.Tenancy;

namespace CoachBot.Server.Retention;

/// <summary>
/// One retention sweep: deletes transcript rows older than each tenant's retention days (on the injected clock), after
/// dropping the same turns from the users' grain state, so no copy of the text outlives the window. The cluster's
/// <see cref="RetentionSweepGrain"/> runs it on its schedule.
/// </summary>
public sealed partial class TranscriptRetentionSweep(
    ITenantStore tenants, ITranscriptStore transcripts, IRetainedTurns retained, TimeProvider time, ILogger<TranscriptRetentionSweep> logger)
{
    /// <summary>Raised after each scheduled sweep with the number of rows deleted (0 when it failed).</summary>
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

    /// <summary>A scheduled sweep: failures are logged and the next one tries again.</summary>
    public async Task RunScheduledAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            deleted = await SweepAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} transcript rows")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not trim the recent turns of {TenantId} {UserId}; the tenant's rows wait for the next sweep")]
    private partial void LogTrimFailed(Exception exception, string tenantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; the next one will retry")]
    private partial void LogSweepFailed(Exception exception);
}
