using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CoachBot.Benchmarks.Load.Reporting;

/// <summary>The machine the figures were measured on.</summary>
public sealed record Machine(int Processors, string CpuModel);

/// <summary>Both runs, the machine and the judged targets: what <c>results.json</c> holds.</summary>
public sealed record Report(DateTimeOffset GeneratedAt, Machine Machine, IReadOnlyList<TargetCheck> Targets, ServerRun CoachBot, ServerRun Reference);

/// <summary>The "report" command: CoachBot's and the reference's runs side by side as JSON, Markdown and PNG plots.</summary>
public static class ReportWriter
{
    public static async Task<int> WriteAsync(Settings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var coachBot = await ReadAsync(settings.Required("coachbot"), cancellationToken);
        var reference = await ReadAsync(settings.Required("reference"), cancellationToken);
        var directory = Directory.CreateDirectory(settings.Required("out")).FullName;
        var report = new Report(DateTimeOffset.UtcNow, ReadMachine(), Targets.Judge(coachBot, reference), coachBot, reference);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(report, ScenarioRunner.Json), cancellationToken);

        var plots = Plots.LatencyVsConcurrency(coachBot, reference, directory).ToList();
        plots.Add(Plots.CpuPerChunk(coachBot, reference, directory));
        plots.Add(Plots.MemoryPerUser(coachBot, reference, directory));
        var markdown = Markdown(report, plots);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), markdown, cancellationToken);
        await log.WriteAsync(markdown);
        return 0;
    }

    public static string Markdown(Report report, IEnumerable<string> plots)
    {
        var (c, r) = (report.CoachBot, report.Reference);
        var text = new StringBuilder();
        Line(text, $"Mode `{c.Mode}`, {report.Machine.Processors} cores ({report.Machine.CpuModel}), servers and the fake model on core 0, the load generator on core 1; {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC.");
        Line(text, "");
        Line(text, "| target | measured (CoachBot) | met |");
        Line(text, "|---|---|---|");
        foreach (var check in report.Targets)
        {
            Line(text, $"| {check.Target} | {check.Measured} | {(check.Met ? "yes" : "**no**")} |");
        }

        Line(text, "");
        Line(text, "| measure | CoachBot | reference | ratio |");
        Line(text, "|---|---:|---:|---:|");
        if (c.ReadyWarmMs is { } readyC && r.ReadyWarmMs is { } readyR)
        {
            Row(text, "ready, warm start (ms)", readyC, readyR);
        }

        if (c.ReadyColdMs is { } coldC && r.ReadyColdMs is { } coldR)
        {
            Row(text, "ready, first start on an empty data folder (ms)", coldC, coldR);
        }

        LoadRows(text, c.Sequential, r.Sequential, "1 conversation, sequential");
        foreach (var level in c.Concurrency)
        {
            var peer = r.Concurrency.FirstOrDefault(l => l.Conversations == level.Conversations && l.TokensPerSecond == level.TokensPerSecond);
            if (peer is not null)
            {
                LoadRows(text, level, peer, $"{level.Conversations} x {level.TokensPerSecond:0} tokens/s");
            }
        }

        Row(text, "max durable turns/s (closed loop, instant 5-token model)", c.Throughput.TurnsPerSecond, r.Throughput.TurnsPerSecond);
        Row(text, "max turns/s: server CPU per turn (us)", c.Throughput.CpuPerTurnUs, r.Throughput.CpuPerTurnUs);
        Row(text, $"idle connected user: memory held, after a full collection (KB, {c.Idle.Users} users)", c.Idle.BytesPerUser / 1024, r.Idle.BytesPerUser / 1024);
        Row(text, "idle connected user: resident memory added, no collection (KB)", c.Idle.ResidentBytesPerUser / 1024, r.Idle.ResidentBytesPerUser / 1024);
        Row(text, "idle connected user: free space the collections left in the heap, not counted as held (KB)", c.Idle.FreeHeapBytesPerUser / 1024, r.Idle.FreeHeapBytesPerUser / 1024);
        Row(text, "new user's first turn: added TTFT p99 (ms)", c.FirstTurn.FirstAddedTtft.P99, r.FirstTurn.FirstAddedTtft.P99);
        Row(text, "new user's first turn: extra over its second turn, p99 (ms)", c.FirstTurn.Extra.P99, r.FirstTurn.Extra.P99);
        Row(text, $"soak ({c.Soak.TargetTurnsPerSecond:0} turns/s open loop, {c.Soak.Load.Seconds:0} s): turns failed", c.Soak.Load.Failed, r.Soak.Load.Failed);
        Row(text, "soak: added TTFT p99 (ms)", c.Soak.Load.AddedTtft.P99, r.Soak.Load.AddedTtft.P99);
        Row(text, "soak: resident memory, first quarter (MB)", c.Soak.StartMb, r.Soak.StartMb);
        Row(text, "soak: resident memory, last quarter (MB)", c.Soak.EndMb, r.Soak.EndMb);
        Line(text, "");
        if (c.Memory is { } memoryC && r.Memory is { } memoryR)
        {
            MemoryRows(text, memoryC, memoryR);
        }

        Line(text, "Ratio is CoachBot / reference (below 1 is better for times, CPU and memory; above 1 for turns/s). "
            + "Added TTFT is the time from `SendMessage` to the first text at the client, minus the fake model's own time from receiving the request to flushing its first token.");
        Line(text, "");
        foreach (var plot in plots)
        {
            Line(text, $"![{Path.GetFileNameWithoutExtension(plot)}]({plot})");
        }

        return text.ToString();
    }

    /// <summary>The idle server's resident memory by part (see <see cref="MemoryFootprint"/>).</summary>
    private static void MemoryRows(StringBuilder text, MemoryFootprint c, MemoryFootprint r)
    {
        Line(text, "");
        Line(text, "| resident memory by part, idle after a warm start (MB) | CoachBot | reference |");
        Line(text, "|---|---:|---:|");
        Part(text, "resident in all", c.ResidentMb, r.ResidentMb);
        Part(text, "anonymous memory", c.AnonymousMb, r.AnonymousMb);
        Part(text, "… managed heap (the GC's committed memory)", c.ManagedHeapMb, r.ManagedHeapMb);
        Part(text, "… embedding model (ONNX Runtime: weights, prepacked kernels, buffers)", c.EmbeddingModelMb, r.EmbeddingModelMb);
        Part(text, "… other native memory (runtime type data and stubs, thread stacks, native libraries' heaps)", c.OtherNativeMb, r.OtherNativeMb);
        Part(text, "JIT-compiled code", c.JitCodeMb, r.JitCodeMb);
        Part(text, "mapped files: .NET runtime and shared framework", c.RuntimeFilesMb, r.RuntimeFilesMb);
        Part(text, "mapped files: the application's folder (its assemblies and packages)", c.ApplicationFilesMb, r.ApplicationFilesMb);
        Part(text, "mapped files: system libraries", c.SystemFilesMb, r.SystemFilesMb);
        Line(text, "");
    }

    private static void Part(StringBuilder text, string label, double? coachBot, double? reference) =>
        Line(text, $"| {label} | {Figure(coachBot)} | {Figure(reference)} |");

    private static string Figure(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "–";

    private static void LoadRows(StringBuilder text, LoadResult c, LoadResult r, string label)
    {
        Row(text, $"{label}: added TTFT p50 (ms)", c.AddedTtft.P50, r.AddedTtft.P50);
        Row(text, $"{label}: added TTFT p99 (ms)", c.AddedTtft.P99, r.AddedTtft.P99);
        Row(text, $"{label}: inter-chunk p99 (ms)", c.InterChunk.P99, r.InterChunk.P99);
        Row(text, $"{label}: added turn time p99 (ms)", c.AddedTurnTime.P99, r.AddedTurnTime.P99);
        Row(text, $"{label}: turns/s (failed)", c.TurnsPerSecond, r.TurnsPerSecond, $" ({c.Failed})", $" ({r.Failed})");
        Row(text, $"{label}: server CPU per chunk (us)", c.CpuPerChunkUs, r.CpuPerChunkUs);
    }

    private static void Row(StringBuilder text, string label, double coachBot, double reference, string suffixC = "", string suffixR = "")
    {
        var ratio = reference == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{coachBot / reference:0.00}");
        Line(text, $"| {label} | {coachBot:0.###}{suffixC} | {reference:0.###}{suffixR} | {ratio} |");
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static async Task<ServerRun> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<ServerRun>(file, ScenarioRunner.Json, cancellationToken) ?? throw new InvalidDataException($"{path} holds no run.");
    }

    /// <summary>From /proc/cpuinfo: the load generator runs pinned to one core, so the runtime's processor count would say 1.</summary>
    private static Machine ReadMachine()
    {
        var lines = File.ReadAllLines("/proc/cpuinfo");
        var model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        return new Machine(lines.Count(l => l.StartsWith("processor", StringComparison.Ordinal)), model);
    }
}
