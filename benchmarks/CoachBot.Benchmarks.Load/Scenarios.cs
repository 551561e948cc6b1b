using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Benchmarks.Load;

/// <summary>The scenarios, each against the one server this process drives.</summary>
public sealed class Scenarios(HttpClient http, Uri server, FakeModelControl model, ServerProbe probe, TextWriter log)
{
    /// <summary>One conversation, one turn after another.</summary>
    public async Task<LoadResult> SequentialAsync(int turns, CancellationToken cancellationToken)
    {
        await using var conversation = await Conversation.OpenAsync(http, server, cancellationToken);
        var profile = ModelProfile.Paced(ScenarioPlan.ModelTtftMs, 200, 40);
        return await ClosedLoopAsync("sequential", [conversation], profile, turnsEach: turns, duration: null, cancellationToken);
    }

    /// <summary><paramref name="conversations"/> conversations streaming at once, each sending its next message as soon as a reply ends.</summary>
    public async Task<LoadResult> ConcurrentAsync(int conversations, double tokensPerSecond, TimeSpan duration, CancellationToken cancellationToken, int? tokensPerReply = null)
    {
        var open = await Conversation.OpenManyAsync(conversations, http, server, cancellationToken);
        try
        {
            var profile = ModelProfile.Paced(ScenarioPlan.ModelTtftMs, tokensPerSecond, tokensPerReply ?? ScenarioPlan.TokensAt(tokensPerSecond));
            return await ClosedLoopAsync($"{conversations} x {tokensPerSecond} tokens/s", open, profile, turnsEach: null, duration, cancellationToken);
        }
        finally
        {
            await DisposeAllAsync(open);
        }
    }

    /// <summary>Durable turns per second: a model that answers at once, closed loop, as many turns as the server completes.</summary>
    public async Task<LoadResult> ThroughputAsync(int conversations, TimeSpan duration, CancellationToken cancellationToken)
    {
        var open = await Conversation.OpenManyAsync(conversations, http, server, cancellationToken);
        try
        {
            return await ClosedLoopAsync("max durable turns/s", open, ModelProfile.Instant(5), turnsEach: null, duration, cancellationToken);
        }
        finally
        {
            await DisposeAllAsync(open);
        }
    }

    /// <summary>
    /// Users who connect and send nothing: what the server holds for them (see <see cref="IdleResult"/>). With
    /// <paramref name="hold"/> the connections stay open that long after the reading, so the server's heap can be inspected.
    /// </summary>
    public async Task<IdleResult> IdleAsync(int users, CancellationToken cancellationToken, TimeSpan hold = default)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var heldBefore = await HeldMemory.ReadAsync(probe, log, cancellationToken);
        var before = probe.RssBytes();
        var open = await Conversation.OpenManyAsync(users, http, server, cancellationToken);
        try
        {
            // Let connection set-up work (handshakes, first buffers) settle before reading memory.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var after = probe.RssBytes();
            var heldAfter = await HeldMemory.ReadAsync(probe, log, cancellationToken);
            var resident = Math.Round((after - before) / (double)users);
            var (held, free) = heldBefore is { } first && heldAfter is { } second
                ? (Math.Round((second.HeldBytes - first.HeldBytes) / users), Math.Round((second.FragmentationBytes - first.FragmentationBytes) / users))
                : (resident, 0);
            if (hold > TimeSpan.Zero)
            {
                await log.WriteLineAsync($"  holding {users} idle connections for {hold.TotalSeconds:0} s");
                await Task.Delay(hold, cancellationToken);
            }

            return new IdleResult(users, Mb(before), Mb(after), held, resident, free);
        }
        finally
        {
            await DisposeAllAsync(open);
        }
    }

    /// <summary>New users one at a time: each one's first turn, then its second, with a short fast reply.</summary>
    public async Task<FirstTurnResult> FirstTurnAsync(int users, CancellationToken cancellationToken)
    {
        await model.SetProfileAsync(new ModelProfile(20, 1, 5), cancellationToken);
        var gaps = new Latencies();
        var pairs = new List<(TurnSample First, TurnSample Second)>(users);
        for (var i = 0; i < users; i++)
        {
            await using var conversation = await Conversation.OpenAsync(http, server, cancellationToken);
            pairs.Add((await conversation.TurnAsync(gaps, cancellationToken), await conversation.TurnAsync(gaps, cancellationToken)));
        }

        var stamps = await model.DrainStampsAsync(cancellationToken);
        Latencies first = new(), warm = new(), extra = new();
        foreach (var (one, two) in pairs)
        {
            if (TurnAnalysis.AddedTtftTicks(one, stamps) is { } a && TurnAnalysis.AddedTtftTicks(two, stamps) is { } b)
            {
                first.Record(a);
                warm.Record(b);
                extra.Record(a - b);
            }
        }

        return new FirstTurnResult(users, first.Summary(), warm.Summary(), extra.Summary());
    }

    /// <summary>
    /// Open loop: turns arrive at a fixed total rate whatever the server does (each conversation on its own schedule),
    /// while the server's memory is sampled every second.
    /// </summary>
    public async Task<SoakResult> SoakAsync(int conversations, double turnsPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var open = await Conversation.OpenManyAsync(conversations, http, server, cancellationToken);
        try
        {
            var profile = ModelProfile.Paced(ScenarioPlan.ModelTtftMs, 200, 20);
            await model.SetProfileAsync(profile, cancellationToken);
            await model.DrainStampsAsync(cancellationToken);
            var period = TimeSpan.FromSeconds(conversations / turnsPerSecond);
            var samples = new ConcurrentQueue<TurnSample>();
            var gaps = new Latencies();
            var memory = new List<MemorySample>();
            long late = 0;
            var cpu = probe.CpuSeconds();
            var start = Stopwatch.GetTimestamp();
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                do
                {
                    memory.Add(new MemorySample(Math.Round(TurnAnalysis.Since(start).TotalSeconds, 1), Mb(probe.RssBytes())));
                }
                while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
            }, CancellationToken.None);

            await Task.WhenAll(open.Select(async (conversation, i) =>
            {
                for (var due = period * i / conversations; due < duration; due += period)
                {
                    var wait = due - TurnAnalysis.Since(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                    else if (wait < TimeSpan.FromMilliseconds(-10))
                    {
                        Interlocked.Increment(ref late);
                    }

                    samples.Enqueue(await TryTurnAsync(conversation, gaps, cancellationToken));
                }
            }));
            var elapsed = TurnAnalysis.Since(start);
            var cpuUsed = probe.CpuSeconds() - cpu;
            await sampling.CancelAsync();
            await sampler;
            var analysis = new TurnAnalysis();
            analysis.Add(samples, await model.DrainStampsAsync(cancellationToken));
            var load = analysis.Result("soak", conversations, profile, elapsed, gaps, cpuUsed, probe.RssBytes());
            return Flatness(turnsPerSecond, late, load, memory);
        }
        finally
        {
            await DisposeAllAsync(open);
        }
    }

    private static SoakResult Flatness(double turnsPerSecond, long late, LoadResult load, List<MemorySample> memory)
    {
        // A tenth of the run is warm-up (caches, pools, the first GCs); then compare the first and the last quarter of the rest.
        var settled = memory.Skip(memory.Count / 10).Select(m => m.RssMb).ToList();
        var quarter = Math.Max(1, settled.Count / 4);
        var startMb = Median(settled.Take(quarter));
        var endMb = Median(settled.Skip(settled.Count - quarter));
        var growth = startMb == 0 ? 0 : Math.Round((endMb - startMb) * 100 / startMb, 1);
        return new SoakResult(turnsPerSecond, late, load, memory, startMb, endMb, growth, growth <= 10);
    }

    private async Task<LoadResult> ClosedLoopAsync(string name, List<Conversation> conversations, ModelProfile profile, int? turnsEach, TimeSpan? duration, CancellationToken cancellationToken)
    {
        await model.SetProfileAsync(profile, cancellationToken);
        // Every conversation's first turn is a new user's (measured on its own in FirstTurnAsync): not part of this phase.
        var warmUp = new Latencies();
        await Task.WhenAll(conversations.Select(c => TryTurnAsync(c, warmUp, cancellationToken)));
        await model.DrainStampsAsync(cancellationToken);

        var samples = new ConcurrentQueue<TurnSample>();
        var gaps = new Latencies();
        var cpu = probe.CpuSeconds();
        var start = Stopwatch.GetTimestamp();
        var spacing = ArrivalSpacing(profile, conversations.Count);
        await Task.WhenAll(conversations.Select(async (conversation, index) =>
        {
            if (spacing > TimeSpan.Zero)
            {
                await Task.Delay(spacing * index, cancellationToken);
            }

            for (var n = 0; turnsEach is { } limit ? n < limit : TurnAnalysis.Since(start) < duration; n++)
            {
                samples.Enqueue(await TryTurnAsync(conversation, gaps, cancellationToken));
            }
        }));
        var elapsed = TurnAnalysis.Since(start);
        var cpuUsed = probe.CpuSeconds() - cpu;
        var analysis = new TurnAnalysis();
        analysis.Add(samples, await model.DrainStampsAsync(cancellationToken));
        var result = analysis.Result(name, conversations.Count, profile, elapsed, gaps, cpuUsed, probe.RssBytes());
        await log.WriteLineAsync($"  {name}: {result.Turns} turns ({result.Failed} failed), {result.TurnsPerSecond} turns/s, added TTFT p50 {result.AddedTtft.P50} ms p99 {result.AddedTtft.P99} ms, {result.CpuPerChunkUs} us CPU/chunk");
        return result;
    }

    /// <summary>
    /// How far apart the conversations start their measured turns: spread evenly over one paced reply, as independent
    /// people's messages are. Started together, every conversation of a closed loop would send at the same instant each
    /// round (their replies all take the same time), and the figures would measure a burst of N simultaneous messages
    /// rather than N conversations in flight. A model that answers at once (maximum throughput) needs no spread.
    /// </summary>
    private static TimeSpan ArrivalSpacing(ModelProfile profile, int conversations) =>
        conversations < 2 || profile.GapMs <= 0
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds((profile.TtftMs + profile.GapMs * profile.Tokens) / conversations);

    /// <summary>
    /// A turn; a refused one (the hub's error) or a lost connection is a sample with status "refused" or "lost", after a
    /// short pause so a struggling server is not hammered. The next turn of a lost conversation reconnects.
    /// </summary>
    private static async Task<TurnSample> TryTurnAsync(Conversation conversation, Latencies gaps, CancellationToken cancellationToken)
    {
        try
        {
            return await conversation.TurnAsync(gaps, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            var now = Stopwatch.GetTimestamp();
            return new TurnSample("", now, 0, now, 0, ex is HubException ? "refused" : "lost");
        }
    }

    private static async Task DisposeAllAsync(List<Conversation> conversations) =>
        await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
