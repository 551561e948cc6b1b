using System.Globalization;

namespace CoachBot.Benchmarks.Load;

/// <summary>
/// The "phase" command: one scenario against one server, repeated, for profiling the server while it runs
/// (<c>--phase=throughput</c>, <c>--phase=first-turn --users=40</c>, <c>--phase=idle --users=2000 [--hold=seconds]</c>, or <c>--phase=concurrent --conversations=500 --rate=20 [--tokens=per reply]</c>; <c>--seconds</c>, <c>--repeat</c>).
/// </summary>
public static class PhaseRunner
{
    public static async Task<int> RunAsync(Settings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var server = new Uri(settings.Required("server"));
        var probe = new ServerProbe(int.Parse(settings.Required("pid"), CultureInfo.InvariantCulture));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var model = new FakeModelControl(http, new Uri(settings.Required("model")));
        var scenarios = new Scenarios(http, server, model, probe, log);
        var duration = TimeSpan.FromSeconds(settings.Number("seconds", 10));
        var phase = settings.Required("phase");
        for (var round = 0; round < (int)settings.Number("repeat", 1); round++)
        {
            if (phase == "idle")
            {
                var idle = await scenarios.IdleAsync((int)settings.Number("users", 2000), cancellationToken, TimeSpan.FromSeconds(settings.Number("hold", 0)));
                await log.WriteLineAsync($"  {idle.Users} idle users: held {idle.BytesPerUser / 1024:0.0} KB per user, resident {idle.ResidentBytesPerUser / 1024:0.0} KB per user, heap free space {idle.FreeHeapBytesPerUser / 1024:0.0} KB per user ({idle.RssBeforeMb} -> {idle.RssAfterMb} MB)");
                continue;
            }

            if (phase == "first-turn")
            {
                var first = await scenarios.FirstTurnAsync((int)settings.Number("users", 40), cancellationToken);
                await log.WriteLineAsync($"  first turns: added TTFT p50 {first.FirstAddedTtft.P50} ms p99 {first.FirstAddedTtft.P99} ms; second turns p50 {first.WarmAddedTtft.P50} ms p99 {first.WarmAddedTtft.P99} ms; extra p50 {first.Extra.P50} ms p99 {first.Extra.P99} ms");
                continue;
            }

            _ = phase switch
            {
                "throughput" => await scenarios.ThroughputAsync((int)settings.Number("conversations", 64), duration, cancellationToken),
                "concurrent" => await scenarios.ConcurrentAsync(
                    (int)settings.Number("conversations", 500), settings.Number("rate", 20), duration, cancellationToken, settings.Optional("tokens") is null ? null : (int)settings.Number("tokens", 0)),
                "sequential" => await scenarios.SequentialAsync((int)settings.Number("turns", 20), cancellationToken),
                _ => throw new ArgumentException($"Unknown phase '{phase}'."),
            };
        }

        return 0;
    }
}
