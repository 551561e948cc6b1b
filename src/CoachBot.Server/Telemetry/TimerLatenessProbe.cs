using CoachBot.Diagnostics;

namespace CoachBot.Server.Telemetry;

/// <summary>
/// Waits one second at a time and records how much later than asked each wait ended into
/// <c>coachbot.runtime.timer_lateness</c>. One timer and one continuation per second, off the request path; the lateness
/// is the time the host's thread pool and garbage collector made the timer wait.
/// </summary>
public sealed class TimerLatenessProbe(TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One wait of <see cref="Period"/>, and how late it ended recorded.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var asked = time.GetTimestamp();
        await Task.Delay(Period, time, cancellationToken);
        var late = time.GetElapsedTime(asked) - Period;
        CoachBotTelemetry.TimerLateness.Record(Math.Max(0, late.TotalMilliseconds));
    }
}
