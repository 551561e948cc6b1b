using CoachBot.Benchmarks.Load;
using CoachBot.Benchmarks.Load.Reporting;

// run:    drives one server through every scenario and writes its results (JSON).
// soak-faults: a long open-loop run with model faults and dropped connections, the server's runtime sampled, history checked.
// memory: one idle server's resident memory by part.
// report: puts CoachBot's and the reference's results side by side (JSON, Markdown, PNG plots).
var settings = Settings.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return settings.Command switch
{
    "run" => await ScenarioRunner.RunAsync(settings, Console.Out, stop.Token),
    "report" => await ReportWriter.WriteAsync(settings, Console.Out, stop.Token),
    "phase" => await PhaseRunner.RunAsync(settings, Console.Out, stop.Token),
    "soak-faults" => await FaultSoak.RunAsync(settings, Console.Out, stop.Token),
    "memory" => await MemoryCommandAsync(settings, stop.Token),
    _ => Usage(),
};

static async Task<int> MemoryCommandAsync(Settings settings, CancellationToken cancellationToken)
{
    var probe = new ServerProbe(int.Parse(settings.Required("pid"), System.Globalization.CultureInfo.InvariantCulture));
    var footprint = await MemoryFootprint.MeasureAsync(probe, TimeSpan.FromSeconds(settings.Number("wait-seconds", 30)), Console.Out, cancellationToken);
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(footprint, ScenarioRunner.Json));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: run --target=NAME --server=URL --model=URL --pid=PID --out=FILE [--quick] [--soak=00:30:00] [--ready-cold-ms=N --ready-warm-ms=N]");
    Console.Error.WriteLine("       soak-faults --server=URL --model=URL --pid=PID --out=DIR [--soak=00:30:00 --conversations=200 --period-seconds=15 --drop=0.05 --seed=42 --rate-limited=0.02 --server-error=0.02 --cut=0.02 --garbage=0.02 --slow=0.02 --slow-ms=3000 --sample-seconds=5]");
    Console.Error.WriteLine("       memory --pid=PID [--wait-seconds=30]");
    Console.Error.WriteLine("       report --coachbot=FILE --reference=FILE --out=DIR");
    Console.Error.WriteLine("       phase --server=URL --model=URL --pid=PID --phase=throughput|concurrent|sequential|first-turn|idle [--conversations=N --rate=N --users=N --hold=N --seconds=N --repeat=N]");
    return 2;
}
