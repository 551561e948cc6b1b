using System.Diagnostics;

namespace CoachBot.Benchmarks.Load;

/// <summary>Turns the client's samples and the fake model's stamps into a <see cref="LoadResult"/>.</summary>
public sealed class TurnAnalysis
{
    public Latencies AddedTtft { get; } = new();

    public Latencies TurnTime { get; } = new();

    public Latencies AddedTurnTime { get; } = new();

    public long Turns { get; private set; }

    public long Failed { get; private set; }

    public long Unmatched { get; private set; }

    public long Chunks { get; private set; }

    public long ModelTokens { get; private set; }

    /// <summary>The server's share of a turn's time to first text, in ticks; null when the turn failed or the model never saw it.</summary>
    public static long? AddedTtftTicks(TurnSample sample, IReadOnlyDictionary<string, ModelStamp> stamps) =>
        sample.Status == "completed" && sample.FirstText != 0 && stamps.TryGetValue(sample.Marker, out var stamp)
            ? sample.FirstText - sample.Sent - (stamp.FirstToken - stamp.Received)
            : null;

    public void Add(IEnumerable<TurnSample> samples, IReadOnlyDictionary<string, ModelStamp> stamps)
    {
        foreach (var sample in samples)
        {
            Turns++;
            if (sample.Status != "completed")
            {
                Failed++;
                continue;
            }

            Chunks += sample.Chunks;
            TurnTime.Record(sample.Ended - sample.Sent);
            if (!stamps.TryGetValue(sample.Marker, out var stamp) || sample.FirstText == 0)
            {
                Unmatched++;
                continue;
            }

            ModelTokens += stamp.Tokens;
            AddedTtft.Record(AddedTtftTicks(sample, stamps)!.Value);
            AddedTurnTime.Record(sample.Ended - sample.Sent - (stamp.LastToken - stamp.Received));
        }
    }

    public LoadResult Result(string name, int conversations, ModelProfile profile, TimeSpan elapsed, Latencies gaps, double cpuSeconds, long rssBytes)
    {
        var completed = Turns - Failed;
        return new LoadResult(
            name, conversations, profile.GapMs > 0 ? Math.Round(1000 / profile.GapMs, 1) : 0, profile.Tokens, Math.Round(elapsed.TotalSeconds, 2),
            Turns, Failed, Unmatched, Math.Round(completed / elapsed.TotalSeconds, 1),
            AddedTtft.Summary(), gaps.Summary(), TurnTime.Summary(), AddedTurnTime.Summary(),
            Chunks, ModelTokens, Math.Round(cpuSeconds, 3),
            PerMicroseconds(cpuSeconds, Chunks), PerMicroseconds(cpuSeconds, ModelTokens), PerMicroseconds(cpuSeconds, completed),
            Math.Round(rssBytes / 1048576.0, 1));
    }

    /// <summary>Ticks of <see cref="Stopwatch"/> since <paramref name="start"/> as a time span.</summary>
    public static TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start);

    private static double PerMicroseconds(double seconds, long count) => count == 0 ? 0 : Math.Round(seconds * 1e6 / count, 1);
}
