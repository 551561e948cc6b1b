using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace CoachBot.Benchmarks.Load;

/// <summary>The server's runtime at one moment of the soak.</summary>
/// <param name="Seconds">Since the soak started.</param>
/// <param name="QueueLength">Work items waiting in the thread pool's queues.</param>
/// <param name="TimerLatenessMs">The most a one-second timer fired late in the last interval (the p99 of its few samples).</param>
public sealed record RuntimeSample(double Seconds, double RssMb, double? QueueLength, double? Threads, double? GcHeapMb, double? TimerLatenessMs);

/// <summary>
/// Reads the server's meters over EventPipe (the runtime's diagnostics IPC, the way <c>dotnet-counters</c> does): the
/// runtime's own <c>System.Runtime</c> meter (thread pool queue length and threads, GC heap after the last collection)
/// and CoachBot's <c>coachbot.runtime.timer_lateness</c>, published every <see cref="Interval"/>; the resident memory is read
/// from <c>/proc</c> when a sample is taken.
/// </summary>
public sealed class RuntimeSampler : IAsyncDisposable
{
    private const string MetricsProvider = "System.Diagnostics.Metrics";
    private const long TimeSeriesValuesKeyword = 0x2;
    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, double> _latest = new();
    private readonly ConcurrentDictionary<string, double> _gcHeapByGeneration = new();
    private readonly ConcurrentDictionary<string, double> _gcFragmentationByGeneration = new();
    private readonly EventPipeSession? _session;
    private readonly Task _reading = Task.CompletedTask;

    public RuntimeSampler(int pid, TimeSpan interval, TextWriter log)
    {
        Interval = interval;
        try
        {
            var arguments = new Dictionary<string, string>
            {
                ["SessionId"] = _sessionId,
                ["Metrics"] = "System.Runtime,CoachBot",
                ["RefreshInterval"] = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["MaxTimeSeries"] = "1000",
                ["MaxHistograms"] = "50",
            };
            _session = new DiagnosticsClient(pid).StartEventPipeSession(
                [new EventPipeProvider(MetricsProvider, EventLevel.Informational, TimeSeriesValuesKeyword, arguments)], requestRundown: false);
            var source = new EventPipeEventSource(_session.EventStream);
            source.Dynamic.All += OnEvent;
            _reading = Task.Run(() =>
            {
                try
                {
                    source.Process();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
                {
                    // The session ended while a buffer was being read.
                }
            });
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            log.WriteLine($"  runtime meters unavailable ({ex.GetType().Name}: {ex.Message}); only resident memory is sampled");
        }
    }

    /// <summary>The GC's committed memory after the last collection.</summary>
    public const string GcCommitted = "dotnet.gc.last_collection.memory.committed_size";

    public TimeSpan Interval { get; }

    /// <summary>The managed heap the last collection left (all generations), or null before the meters reported it.</summary>
    public double? LiveHeapBytes => _gcHeapByGeneration.IsEmpty ? null : _gcHeapByGeneration.Values.Sum();

    /// <summary>
    /// The free space inside that heap (all generations): gaps between live objects a collection that swept instead of
    /// compacting left, which the allocator fills next. Null before the meters reported it.
    /// </summary>
    public double? HeapFragmentationBytes => _gcFragmentationByGeneration.IsEmpty ? null : _gcFragmentationByGeneration.Values.Sum();

    /// <summary>How many metric values arrived; zero means the session delivered nothing.</summary>
    public long Received { get; private set; }

    public RuntimeSample Sample(double seconds, double rssMb) => new(
        seconds, rssMb, Latest("dotnet.thread_pool.queue.length"), Latest("dotnet.thread_pool.thread.count"),
        LiveHeapBytes is { } heap ? Math.Round(heap / 1048576.0, 1) : null, Latest("coachbot.runtime.timer_lateness"));

    public async ValueTask DisposeAsync()
    {
        if (_session is null)
        {
            return;
        }

        try
        {
            await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The server is already gone.
        }

        await _reading;
        _session.Dispose();
    }

    /// <summary>The last value published for <paramref name="instrument"/>, or null before the first.</summary>
    public double? Latest(string instrument) => _latest.TryGetValue(instrument, out var value) ? value : null;

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != MetricsProvider || e.PayloadByName("sessionId") as string != _sessionId)
        {
            return;
        }

        var instrument = e.PayloadByName("instrumentName") as string ?? "";
        double? value = e.EventName switch
        {
            "GaugeValuePublished" => Parse(e.PayloadByName("lastValue")),
            "UpDownCounterRateValuePublished" or "CounterRateValuePublished" => Parse(e.PayloadByName("value")),
            // "0.5=1.2;0.95=3.4;0.99=5.6": with about one sample a second, the p99 of an interval is its largest.
            "HistogramValuePublished" => Quantile(e.PayloadByName("quantiles") as string, "0.99"),
            _ => null,
        };
        if (value is not { } v)
        {
            return;
        }

        Received++;
        if (instrument == "dotnet.gc.last_collection.heap.size")
        {
            _gcHeapByGeneration[e.PayloadByName("tags") as string ?? ""] = v;
        }
        else if (instrument == "dotnet.gc.last_collection.heap.fragmentation.size")
        {
            _gcFragmentationByGeneration[e.PayloadByName("tags") as string ?? ""] = v;
        }
        else
        {
            _latest[instrument] = v;
        }
    }

    private static double? Parse(object? text) =>
        double.TryParse(text as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double? Quantile(string? quantiles, string which)
    {
        foreach (var part in (quantiles ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=');
            if (pair.Length == 2 && pair[0] == which)
            {
                return Parse(pair[1]);
            }
        }

        return null;
    }
}
