using System.Globalization;
using System.Text;
using ScottPlot;

namespace CoachBot.Benchmarks.Load.Reporting;

/// <summary>The fault soak's Markdown section and its plot of the sampled series.</summary>
public static class FaultSoakReport
{
    public const string PlotFile = "soak-faults.png";

    public static string Markdown(FaultSoakResult r)
    {
        var t = r.Turns;
        var h = r.History;
        var m = r.Mix;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Fault soak: {r.Conversations} conversations for {TimeSpan.FromSeconds(r.Seconds):hh\\:mm\\:ss} (open loop, {r.TurnsPerSecond} turns/s), server on core 0 and the load generator on core 1; load average {string.Join(" / ", r.LoadAverageStart)} at the start, {string.Join(" / ", r.LoadAverageEnd)} at the end (1 / 5 / 15 min).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Faults: the model answered 429 to {m.RateLimited:P0}, 500 to {m.ServerError:P0}, cut the stream to {m.CutStream:P0}, sent garbage SSE to {m.GarbageStream:P0} and a first token after {m.SlowFirstTokenMs} ms to {m.SlowFirstToken:P0} of its streamed requests (seed {m.Seed}); {r.DropShare:P0} of the turns had their socket aborted after the first text and re-attached. Model requests by outcome: {string.Join(", ", r.ModelFaults.Select(kv => $"{kv.Key} {kv.Value}"))}.");
        text.AppendLine();
        text.AppendLine("| turns | count |");
        text.AppendLine("|---|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| sent | {t.Sent} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| completed | {t.Completed} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| … of them through a fault (retried 429/500, slow first token) | {t.CompletedThroughFaults} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| failed as expected (`model_failed` with a message, the model's last answer a fault) | {t.FailedAsExpected} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| unexpected endings (refused {t.Refused}, lost {t.Lost}, hung {t.Hung}, other) | {t.Unexpected} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| dropped mid-reply / re-attached to their end | {t.Dropped} / {t.DroppedAndReattached} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| turns started over 100 ms late (load generator behind) | {t.LateStarts} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| history: acknowledged messages found | {h.MessagesFound} / {h.Acknowledged} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| history: stored reply text equal to what was shown | {h.RepliesEqual} / {h.RepliesChecked} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| history: stored reply status equal to the end shown | {h.RepliesStatusEqual} / {h.RepliesChecked} |");
        foreach (var (kind, count) in r.UnexpectedByKind)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| unexpected: {kind} | {count} |");
        }

        text.AppendLine();
        text.AppendLine("| series (sampled every few seconds) | first quarter | last quarter | max | flat |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var s in r.Flatness)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} ({s.Unit}) | {s.First} | {s.Last} | {s.Max} | {(s.Flat ? "yes" : "**no**")} |");
        }

        text.AppendLine();
        text.AppendLine("Medians over the first and the last quarter after a tenth of the run as warm-up; flat when the last is at most 10% above the first, plus 5 items (queue), 2 threads or 5 ms (timer lateness) so series that idle near zero are not judged by noise.");
        return text.ToString();
    }

    /// <summary>Each series against time, one panel each, stacked in one PNG.</summary>
    public static void Plot(FaultSoakResult r, string directory)
    {
        var series = new (string Label, Func<RuntimeSample, double?> Read)[]
        {
            ("resident memory (MB)", s => s.RssMb),
            ("GC heap (MB)", s => s.GcHeapMb),
            ("thread pool queue (items)", s => s.QueueLength),
            ("thread pool threads", s => s.Threads),
            ("timer lateness, max per interval (ms)", s => s.TimerLatenessMs),
        };
        const int width = 900, panel = 260;
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, panel * series.Length));
        for (var i = 0; i < series.Length; i++)
        {
            var plot = new Plot();
            var points = r.Samples.Where(s => series[i].Read(s) is not null).ToList();
            plot.Add.ScatterLine(points.Select(p => p.Seconds / 60).ToArray(), points.Select(p => series[i].Read(p)!.Value).ToArray());
            plot.Title(series[i].Label);
            plot.XLabel("minutes");
            plot.Axes.Margins(bottom: 0);
            using var panelImage = SkiaSharp.SKBitmap.Decode(plot.GetImageBytes(width, panel, ImageFormat.Png));
            surface.Canvas.DrawBitmap(panelImage, 0, panel * i);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(Path.Combine(directory, PlotFile));
        png.SaveTo(file);
    }
}
