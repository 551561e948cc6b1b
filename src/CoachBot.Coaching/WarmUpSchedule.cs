using Microsoft.Extensions.Hosting;

namespace CoachBot.Coaching;

/// <summary>
/// When warm-up work starts: work that makes later requests faster (loading the embedding model, compiling the profile
/// readers' patterns) but that no request needs in order to be served, since a request that comes first does it itself.
/// It waits until the host has started and has answered a readiness probe with ready, or until <see cref="Fallback"/>
/// after the start when nothing probes, so that on a small machine it does not take the processor from start-up and from
/// the first readiness answer. Services started without a host warm up at once.
/// </summary>
public sealed class WarmUpSchedule(TimeProvider time, IHostApplicationLifetime? lifetime = null)
{
    /// <summary>How long after the host started warm-up waits for a readiness probe.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _reportedReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the host has answered a readiness probe with ready.</summary>
    public bool ReadyReported => _reportedReady.Task.IsCompleted;

    /// <summary>The host answered a readiness probe with ready: warm-up is due.</summary>
    public void ReportReady() => _reportedReady.TrySetResult();

    /// <summary>
    /// Runs <paramref name="work"/> once warm-up is due, on a thread of its own: it runs for seconds without yielding, and
    /// on a pool thread it would hold back the requests queued behind it until the pool grows.
    /// </summary>
    public async Task RunWhenDueAsync(Action work, CancellationToken stoppingToken)
    {
        await WhenDueAsync(stoppingToken);
        await Task.Factory.StartNew(work, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Completes when warm-up is due; throws <see cref="OperationCanceledException"/> when the host stops first.</summary>
    public async Task WhenDueAsync(CancellationToken stoppingToken)
    {
        if (lifetime is null)
        {
            return;
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
        }

        using var fallback = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(Fallback, time, fallback.Token);
        await Task.WhenAny(_reportedReady.Task, delay);
        await fallback.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }
}
