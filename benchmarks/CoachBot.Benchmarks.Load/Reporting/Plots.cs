using ScottPlot;

namespace CoachBot.Benchmarks.Load.Reporting;

/// <summary>The report's PNG plots.</summary>
public static class Plots
{
    private const int Width = 900;
    private const int Height = 540;

    /// <summary>Added time to first token (p50 and p99) against the number of conversations, one file per token rate.</summary>
    public static IEnumerable<string> LatencyVsConcurrency(ServerRun coachBot, ServerRun reference, string directory)
    {
        foreach (var rate in coachBot.Concurrency.Select(l => l.TokensPerSecond).Distinct())
        {
            var plot = new Plot();
            foreach (var run in new[] { coachBot, reference })
            {
                var levels = run.Concurrency.Where(l => l.TokensPerSecond == rate).OrderBy(l => l.Conversations).ToList();
                var xs = levels.Select(l => (double)l.Conversations).ToArray();
                plot.Add.ScatterLine(xs, levels.Select(l => l.AddedTtft.P50).ToArray()).LegendText = $"{run.Target} p50";
                plot.Add.ScatterLine(xs, levels.Select(l => l.AddedTtft.P99).ToArray()).LegendText = $"{run.Target} p99";
            }

            plot.Title($"Added time to first token at {rate:0} tokens/s per conversation");
            plot.XLabel("concurrent conversations");
            plot.YLabel("ms over the model's own TTFT");
            plot.ShowLegend();
            var file = $"ttft-vs-concurrency-{rate:0}tps.png";
            plot.SavePng(Path.Combine(directory, file), Width, Height);
            yield return file;
        }
    }

    /// <summary>Server CPU time per streamed chunk against the number of conversations.</summary>
    public static string CpuPerChunk(ServerRun coachBot, ServerRun reference, string directory)
    {
        var plot = new Plot();
        foreach (var run in new[] { coachBot, reference })
        {
            foreach (var rate in run.Concurrency.Select(l => l.TokensPerSecond).Distinct())
            {
                var levels = run.Concurrency.Where(l => l.TokensPerSecond == rate).OrderBy(l => l.Conversations).ToList();
                plot.Add.ScatterLine(levels.Select(l => (double)l.Conversations).ToArray(), levels.Select(l => l.CpuPerChunkUs).ToArray()).LegendText = $"{run.Target} @ {rate:0} tokens/s";
            }
        }

        plot.Title("Server CPU per streamed chunk");
        plot.XLabel("concurrent conversations");
        plot.YLabel("us of CPU per chunk received");
        plot.ShowLegend();
        const string file = "cpu-per-chunk.png";
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        return file;
    }

    /// <summary>Resident memory per idle connected user, one bar per server.</summary>
    public static string MemoryPerUser(ServerRun coachBot, ServerRun reference, string directory)
    {
        var plot = new Plot();
        plot.Add.Bars([coachBot.Idle.BytesPerUser / 1024, reference.Idle.BytesPerUser / 1024]);
        plot.Axes.Bottom.SetTicks([0, 1], [coachBot.Target, reference.Target]);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Memory held per idle connected user ({coachBot.Idle.Users} users)");
        plot.YLabel("KB per user");
        const string file = "memory-per-user.png";
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        return file;
    }
}
