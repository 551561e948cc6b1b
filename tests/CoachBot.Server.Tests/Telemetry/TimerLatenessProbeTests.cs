using System.Diagnostics.Metrics;
using CoachBot.Diagnostics;
using CoachBot.Server.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Server.Tests.Telemetry;

/// <summary>The host's timer lateness meter: how much later than its one-second schedule the probe's timer fired.</summary>
public sealed class TimerLatenessProbeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_timer_that_fires_late_records_by_how_much()
    {
        var time = new LaggingClock();
        // Other hosts in this process record real lateness too: look for the value only this fake clock can produce.
        var recorded = new System.Collections.Concurrent.ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // By name: the instrument may be published while CoachBotTelemetry's fields are still being initialized.
            if (instrument.Meter.Name == CoachBotTelemetry.Name && instrument.Name == "coachbot.runtime.timer_lateness")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Enqueue(value));
        listener.Start();

        using var probe = new TimerLatenessProbe(time);
        var tick = probe.TickAsync(Cancel);
        // The timer fires on schedule, and its continuation reads the clock a quarter of a second later.
        time.Lag = TimeSpan.FromMilliseconds(250);
        time.Advance(TimerLatenessProbe.Period);
        await tick.WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        Assert.True(recorded.Any(value => Math.Abs(value - 250) < 0.001), $"recorded: {string.Join(", ", recorded)}");
    }

    /// <summary>A fake clock whose timestamps run <see cref="Lag"/> ahead of its timers, like a host too busy to run a due timer's work.</summary>
    private sealed class LaggingClock : FakeTimeProvider
    {
        public TimeSpan Lag { get; set; }

        public override long GetTimestamp() => base.GetTimestamp() + (long)(Lag.TotalSeconds * TimestampFrequency);
    }
}
