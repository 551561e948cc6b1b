using System.Globalization;

namespace CoachBot.Benchmarks.Load.Reporting;

/// <summary>One target, what was measured for it, and whether it was met.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);

/// <summary>CoachBot's performance targets, judged on a pair of runs.</summary>
public static class Targets
{
    /// <summary>The level the latency and CPU targets are stated at.</summary>
    public const int TargetConversations = 500;
    public const double TargetTokensPerSecond = 20;

    public static List<TargetCheck> Judge(ServerRun coachBot, ServerRun reference)
    {
        var checks = new List<TargetCheck>();
        if (AtTargetLevel(coachBot) is { } level)
        {
            checks.Add(new("added TTFT p50 <= 1 ms at 500 conversations x 20 tokens/s", Ms(level.AddedTtft.P50), level.AddedTtft.P50 <= 1));
            checks.Add(new("added TTFT p99 <= 5 ms at 500 conversations x 20 tokens/s", Ms(level.AddedTtft.P99), level.AddedTtft.P99 <= 5));
            checks.Add(new("<= 60 us server CPU per streamed chunk (500 x 20 tokens/s)", Us(level.CpuPerChunkUs), level.CpuPerChunkUs > 0 && level.CpuPerChunkUs <= 60));
        }

        var ratio = reference.Throughput.TurnsPerSecond == 0 ? 0 : coachBot.Throughput.TurnsPerSecond / reference.Throughput.TurnsPerSecond;
        checks.Add(new("durable turns/s >= 3x the reference",
            string.Create(CultureInfo.InvariantCulture, $"{coachBot.Throughput.TurnsPerSecond:0.#} vs {reference.Throughput.TurnsPerSecond:0.#} ({ratio:0.00}x)"), ratio >= 3));
        checks.Add(new("<= 16 KB per idle connected user", Kb(coachBot.Idle.BytesPerUser), coachBot.Idle.BytesPerUser <= 16 * 1024));
        checks.Add(new("new user's first turn <= 3 ms p99 extra", Ms(coachBot.FirstTurn.Extra.P99), coachBot.FirstTurn.Extra.Count > 0 && coachBot.FirstTurn.Extra.P99 <= 3));
        if (coachBot.ReadyWarmMs is { } ready)
        {
            checks.Add(new("ready in <= 3 s warm (process start to /health/ready 200)", Ms(ready), ready <= 3000));
        }

        checks.Add(new("flat memory over the soak (last quarter within 10% of the first)",
            string.Create(CultureInfo.InvariantCulture, $"{coachBot.Soak.StartMb:0.#} MB -> {coachBot.Soak.EndMb:0.#} MB ({coachBot.Soak.GrowthPercent:+0.#;-0.#;0}%) over {coachBot.Soak.Load.Seconds:0} s"),
            coachBot.Soak.Flat));
        return checks;
    }

    public static LoadResult? AtTargetLevel(ServerRun run) =>
        run.Concurrency.FirstOrDefault(l => l.Conversations == TargetConversations && Math.Abs(l.TokensPerSecond - TargetTokensPerSecond) < 0.5);

    public static string Ms(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.###} ms");

    public static string Us(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.#} us");

    public static string Kb(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.#} KB");
}
