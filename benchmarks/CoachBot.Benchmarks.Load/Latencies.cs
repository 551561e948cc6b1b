using System.Diagnostics;
using HdrHistogram;

namespace CoachBot.Benchmarks.Load;

/// <summary>A histogram of durations in microseconds (1 µs to 10 min, 3 significant digits), safe to record into from many tasks.</summary>
public sealed class Latencies
{
    private const long Highest = 600_000_000;
    private readonly Lock _lock = new();
    private readonly LongHistogram _histogram = new(Highest, 3);

    /// <summary>Records a span of <see cref="Stopwatch"/> ticks.</summary>
    public void Record(long stopwatchTicks) => RecordMicroseconds(stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency);

    public void RecordMicroseconds(double microseconds)
    {
        var value = Math.Clamp((long)Math.Round(microseconds), 1, Highest);
        lock (_lock)
        {
            _histogram.RecordValue(value);
        }
    }

    public Percentiles Summary()
    {
        lock (_lock)
        {
            return _histogram.TotalCount == 0
                ? new Percentiles(0, 0, 0, 0, 0, 0)
                : new Percentiles(_histogram.TotalCount, _histogram.GetValueAtPercentile(50) / 1000.0, _histogram.GetValueAtPercentile(90) / 1000.0,
                    _histogram.GetValueAtPercentile(99) / 1000.0, _histogram.GetMaxValue() / 1000.0, _histogram.GetMean() / 1000.0);
        }
    }
}

/// <summary>Percentiles in milliseconds.</summary>
public sealed record Percentiles(long Count, double P50, double P90, double P99, double Max, double Mean);
