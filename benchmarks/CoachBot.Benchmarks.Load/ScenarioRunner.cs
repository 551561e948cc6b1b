using System.Text.Json;

namespace CoachBot.Benchmarks.Load;

/// <summary>The "run" command: every scenario against one server, results to a JSON file.</summary>
public static class ScenarioRunner
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(Settings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var target = settings.Required("target");
        var server = new Uri(settings.Required("server"));
        var modelUri = new Uri(settings.Required("model"));
        var probe = new ServerProbe(int.Parse(settings.Required("pid"), System.Globalization.CultureInfo.InvariantCulture));
        var soak = settings.Optional("soak") is { } text ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (TimeSpan?)null;
        var plan = ScenarioPlan.For(settings.Quick, soak);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var model = new FakeModelControl(http, modelUri);
        var scenarios = new Scenarios(http, server, model, probe, log);

        await log.WriteLineAsync($"{target}: memory by part, idle after the warm start");
        var memory = await MemoryFootprint.MeasureAsync(probe, TimeSpan.FromSeconds(30), log, cancellationToken);
        await log.WriteLineAsync($"  {memory}");
        await log.WriteLineAsync($"{target}: sequential");
        var sequential = await scenarios.SequentialAsync(plan.SequentialTurns, cancellationToken);
        var levels = new List<LoadResult>();
        foreach (var rate in plan.TokenRates)
        {
            foreach (var conversations in plan.ConcurrencyLevels)
            {
                await log.WriteLineAsync($"{target}: {conversations} conversations at {rate} tokens/s");
                levels.Add(await scenarios.ConcurrentAsync(conversations, rate, plan.LevelDuration, cancellationToken));
            }
        }

        await log.WriteLineAsync($"{target}: max durable turns/s");
        var throughput = await scenarios.ThroughputAsync(plan.ThroughputConversations, plan.ThroughputDuration, cancellationToken);
        await log.WriteLineAsync($"{target}: {plan.IdleUsers} idle users");
        var idle = await scenarios.IdleAsync(plan.IdleUsers, cancellationToken);
        await log.WriteLineAsync($"  {idle.BytesPerUser / 1024:0.0} KB per idle user");
        await log.WriteLineAsync($"{target}: first turns of {plan.FirstTurnUsers} new users");
        var firstTurn = await scenarios.FirstTurnAsync(plan.FirstTurnUsers, cancellationToken);
        await log.WriteLineAsync($"  extra p50 {firstTurn.Extra.P50} ms p99 {firstTurn.Extra.P99} ms");
        await log.WriteLineAsync($"{target}: soak for {plan.SoakDuration}");
        var soakResult = await scenarios.SoakAsync(plan.SoakConversations, plan.SoakTurnsPerSecond, plan.SoakDuration, cancellationToken);
        await log.WriteLineAsync($"  memory {soakResult.StartMb} MB -> {soakResult.EndMb} MB ({soakResult.GrowthPercent}%)");

        var run = new ServerRun(target, settings.Quick ? "quick" : "full", Optional(settings, "ready-cold-ms"), Optional(settings, "ready-warm-ms"), memory,
            sequential, levels, throughput, idle, firstTurn, soakResult);
        var output = settings.Required("out");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(run, Json), cancellationToken);
        return 0;
    }

    private static double? Optional(Settings settings, string name) => settings.Optional(name) is null ? null : settings.Number(name, 0);
}
