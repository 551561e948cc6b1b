using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoachBot.Benchmarks.Load;

/// <summary>How one sampled series moved over the soak.</summary>
/// <param name="First">Median over the first quarter after the warm-up (a tenth of the run).</param>
/// <param name="Last">Median over the last quarter.</param>
/// <param name="Slack">The absolute change allowed on top of 10% (series that sit near zero, like a queue length).</param>
public sealed record SeriesFlatness(string Name, string Unit, double First, double Last, double Max, double Slack, bool Flat);

/// <summary>What the turns of the fault soak came to.</summary>
/// <param name="FailedAsExpected">Ended <c>failed</c> / <c>model_failed</c> with a message after a cut or garbage stream, or a 429 / 500 no retry got past.</param>
/// <param name="CompletedThroughFaults">Completed although the model faulted on an earlier attempt (retried) or was slow to its first token.</param>
/// <param name="Unexpected">Any other ending: completed when the model's last answer was a fault, failed without one or with another code, refused, lost or hung.</param>
public sealed record FaultTurnCounts(long Sent, long Completed, long FailedAsExpected, long CompletedThroughFaults, long Unexpected, long Refused, long Lost, long Hung, long Dropped, long DroppedAndReattached, long LateStarts);

/// <summary>The stored conversations against what the people saw.</summary>
public sealed record HistoryCheck(int Conversations, long Acknowledged, long MessagesFound, long RepliesChecked, long RepliesEqual, long RepliesStatusEqual, IReadOnlyList<string> Mismatches);

/// <summary>The fault soak of one server.</summary>
public sealed record FaultSoakResult(
    int Conversations, double TurnsPerSecond, double Seconds, double DropShare, FaultMix Mix, IReadOnlyDictionary<string, long> ModelFaults,
    FaultTurnCounts Turns, HistoryCheck History, IReadOnlyDictionary<string, long> UnexpectedByKind, long RuntimeValuesReceived,
    IReadOnlyList<SeriesFlatness> Flatness, IReadOnlyList<RuntimeSample> Samples, double[] LoadAverageStart, double[] LoadAverageEnd);

/// <summary>
/// The "soak-faults" command: <c>--conversations</c> people on an open-loop schedule for <c>--soak</c>, the fake model
/// faulting at the configured shares, a share of replies dropped mid-stream and re-attached; the server's runtime sampled
/// every <c>--sample-seconds</c>; at the end every conversation's history is checked against what its person saw.
/// </summary>
public static class FaultSoak
{
    public static async Task<int> RunAsync(Settings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var server = new Uri(settings.Required("server"));
        var pid = int.Parse(settings.Required("pid"), CultureInfo.InvariantCulture);
        var probe = new ServerProbe(pid);
        var conversations = (int)settings.Number("conversations", 200);
        var duration = settings.Duration("soak", TimeSpan.FromMinutes(30));
        // One turn per person every 15 s: 120 turns in 30 minutes, under the default 200 messages per person per day.
        var period = TimeSpan.FromSeconds(settings.Number("period-seconds", 15));
        var dropShare = settings.Number("drop", 0.05);
        var seed = (int)settings.Number("seed", 42);
        var mix = new FaultMix(seed, settings.Number("rate-limited", 0.02), settings.Number("server-error", 0.02), settings.Number("cut", 0.02),
            settings.Number("garbage", 0.02), settings.Number("slow", 0.02), settings.Number("slow-ms", 3000));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var modelUri = new Uri(settings.Required("model"));
        var model = new FakeModelControl(http, modelUri);
        var loadStart = LoadAverage();

        await model.SetProfileAsync(ModelProfile.Paced(ScenarioPlan.ModelTtftMs, 20, 30), cancellationToken);
        using (var response = await http.PutAsJsonAsync(new Uri(modelUri, FakeModelPaths.Faults), mix, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
        }

        var people = new FaultConversation[conversations];
        await Parallel.ForAsync(0, conversations, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => people[i] = new FaultConversation(server, await Conversation.CreateSessionAsync(http, server, ct)));
        await model.DrainStampsAsync(cancellationToken);
        await log.WriteLineAsync($"  {conversations} people, a turn each every {period.TotalSeconds} s for {duration}; faults {mix}; drops {dropShare}");

        var interval = TimeSpan.FromSeconds(settings.Number("sample-seconds", 5));
        await using var sampler = new RuntimeSampler(pid, interval, log);
        var samples = new List<RuntimeSample>();
        long late = 0;
        var start = Stopwatch.GetTimestamp();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampleTask = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
            {
                var sample = sampler.Sample(Math.Round(TurnAnalysis.Since(start).TotalSeconds, 1), Math.Round(probe.RssBytes() / 1048576.0, 1));
                samples.Add(sample);
                if (samples.Count % Math.Max(1, (int)(60 / interval.TotalSeconds)) == 0)
                {
                    await log.WriteLineAsync($"  {sample.Seconds:0} s: rss {sample.RssMb} MB, queue {sample.QueueLength}, threads {sample.Threads}, gc heap {sample.GcHeapMb} MB, timer late {sample.TimerLatenessMs} ms");
                }
            }
        }, CancellationToken.None);

        await Task.WhenAll(people.Select(async (person, i) =>
        {
            var draws = new Random(HashCode.Combine(seed, i));
            for (var due = period * i / conversations; due < duration; due += period)
            {
                var wait = due - TurnAnalysis.Since(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                else if (wait < TimeSpan.FromMilliseconds(-100))
                {
                    Interlocked.Increment(ref late);
                }

                var marker = $"bq{draws.NextInt64():x16}";
                try
                {
                    await person.TurnAsync(marker, draws.NextDouble() < dropShare, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Could not even connect: counted as lost, and the next turn connects again.
                    person.Turns.Add(new FaultTurn(marker, null, false, "", "lost", null, ex.GetType().Name, false));
                }
            }
        }));
        var elapsed = TurnAnalysis.Since(start);
        await sampling.CancelAsync();
        await sampleTask;
        var loadEnd = LoadAverage();

        var stamps = (await model.DrainAllStampsAsync(cancellationToken)).Where(s => s.Marker.Length > 0).GroupBy(s => s.Marker).ToDictionary(g => g.Key, g => g.ToList());
        var faultCounts = await ReadFaultCountsAsync(http, modelUri, cancellationToken);
        using (var response = await http.PutAsJsonAsync(new Uri(modelUri, FakeModelPaths.Faults), FaultMix.None, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
        }

        var unexpected = new ConcurrentDictionary<string, long>();
        var counts = Count(people, stamps, late, unexpected);
        await log.WriteLineAsync($"  turns: {counts}");
        var history = await CheckHistoryAsync(http, people, cancellationToken);
        await log.WriteLineAsync($"  history: {history with { Mismatches = [] }}");
        foreach (var person in people)
        {
            await person.DisposeAsync();
        }

        var flatness = Flatness(samples);
        var result = new FaultSoakResult(conversations, Math.Round(conversations / period.TotalSeconds, 1), Math.Round(elapsed.TotalSeconds, 1), dropShare, mix,
            faultCounts, counts, history, new SortedDictionary<string, long>(unexpected), sampler.Received, flatness, samples, loadStart, loadEnd);
        var output = settings.Required("out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "soak-faults.json"), JsonSerializer.Serialize(result, ScenarioRunner.Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(output, "soak-faults.md"), Reporting.FaultSoakReport.Markdown(result), cancellationToken);
        Reporting.FaultSoakReport.Plot(result, output);
        foreach (var series in flatness)
        {
            await log.WriteLineAsync($"  {series.Name}: {series.First} -> {series.Last} {series.Unit} (max {series.Max}): {(series.Flat ? "flat" : "NOT flat")}");
        }

        return 0;
    }

    private static FaultTurnCounts Count(FaultConversation[] people, Dictionary<string, List<ModelStamp>> stamps, long late, ConcurrentDictionary<string, long> unexpected)
    {
        long sent = 0, completed = 0, failedAsExpected = 0, throughFaults = 0, bad = 0, refused = 0, lost = 0, hung = 0, dropped = 0, reattached = 0;
        foreach (var turn in people.SelectMany(p => p.Turns))
        {
            sent++;
            var requests = stamps.GetValueOrDefault(turn.Marker) ?? [];
            var lastFault = requests.Count > 0 ? requests[^1].Fault : ModelFaults.None;
            // A cut or garbage stream ends the turn even when another request of the same turn (same marker) went on to
            // answer whole; a 429 or 500 ends it only when no retry got past it.
            var endsTheTurn = ModelFaults.EndsTheTurn(lastFault) || requests.Any(r => r.Fault is ModelFaults.CutStream or ModelFaults.GarbageStream);
            if (turn.Dropped)
            {
                dropped++;
                reattached += turn.Status is "completed" or "failed" ? 1 : 0;
            }

            switch (turn.Status)
            {
                case "completed":
                    completed++;
                    break;
                case "refused":
                    refused++;
                    break;
                case "lost":
                    lost++;
                    break;
                case "hung":
                    hung++;
                    break;
            }

            var expected = endsTheTurn
                ? turn.Status == "failed" && turn.ErrorCode == "model_failed" && !string.IsNullOrWhiteSpace(turn.ErrorMessage)
                : turn.Status == "completed";
            if (expected && endsTheTurn)
            {
                failedAsExpected++;
            }
            else if (expected && requests.Any(r => r.Fault.Length > 0))
            {
                throughFaults++;
            }
            else if (!expected)
            {
                bad++;
                unexpected.AddOrUpdate($"{turn.Status}/{turn.ErrorCode ?? "-"} after model '{(lastFault.Length == 0 ? "ok" : lastFault)}'", 1, (_, n) => n + 1);
            }
        }

        return new FaultTurnCounts(sent, completed, failedAsExpected, throughFaults, bad, refused, lost, hung, dropped, reattached, late);
    }

    private static async Task<IReadOnlyDictionary<string, long>> ReadFaultCountsAsync(HttpClient http, Uri model, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(model, FakeModelPaths.Faults), cancellationToken));
        return document.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    private static async Task<HistoryCheck> CheckHistoryAsync(HttpClient http, FaultConversation[] people, CancellationToken cancellationToken)
    {
        long acknowledged = 0, found = 0, checkedReplies = 0, equal = 0, statusEqual = 0;
        var mismatches = new List<string>();
        foreach (var person in people)
        {
            var history = await person.HistoryAsync(http, cancellationToken);
            var users = history.Where(m => m.Role == "user").ToList();
            var replies = history.Where(m => m.Role == "assistant").GroupBy(m => m.TurnId).ToDictionary(g => g.Key, g => g.Last());
            foreach (var turn in person.Turns.Where(t => t.Acknowledged))
            {
                acknowledged++;
                if (users.Any(m => m.TurnId == turn.TurnId && m.Text.Contains(turn.Marker, StringComparison.Ordinal)))
                {
                    found++;
                }
                else
                {
                    mismatches.Add($"{person.Session.UserId} {turn.TurnId}: message not stored");
                }

                if (turn.Status is not ("completed" or "failed" or "cancelled"))
                {
                    continue;
                }

                checkedReplies++;
                if (replies.TryGetValue(turn.TurnId!, out var reply))
                {
                    equal += reply.Text == turn.Text ? 1 : 0;
                    statusEqual += reply.Status == turn.Status ? 1 : 0;
                    if (reply.Text != turn.Text || reply.Status != turn.Status)
                    {
                        mismatches.Add($"{person.Session.UserId} {turn.TurnId}: stored {reply.Status} ({reply.Text.Length} chars), shown {turn.Status} ({turn.Text.Length} chars)");
                    }
                }
                else
                {
                    mismatches.Add($"{person.Session.UserId} {turn.TurnId}: reply not stored");
                }
            }
        }

        return new HistoryCheck(people.Length, acknowledged, found, checkedReplies, equal, statusEqual, [.. mismatches.Take(50)]);
    }

    /// <summary>
    /// A tenth of the run is warm-up; the first and the last quarter of the rest are compared by their medians. Flat: the last
    /// is at most 10% above the first plus a small absolute slack, so a series that idles near zero is not judged by noise.
    /// </summary>
    private static List<SeriesFlatness> Flatness(List<RuntimeSample> samples)
    {
        var settled = samples.Skip(samples.Count / 10).ToList();
        return
        [
            Series("resident memory", "MB", settled, s => s.RssMb, slack: 0),
            Series("GC heap", "MB", settled, s => s.GcHeapMb, slack: 0),
            Series("thread pool queue", "items", settled, s => s.QueueLength, slack: 5),
            Series("thread pool threads", "threads", settled, s => s.Threads, slack: 2),
            Series("timer lateness", "ms", settled, s => s.TimerLatenessMs, slack: 5),
        ];
    }

    private static SeriesFlatness Series(string name, string unit, List<RuntimeSample> settled, Func<RuntimeSample, double?> read, double slack)
    {
        var values = settled.Select(read).OfType<double>().ToList();
        var quarter = Math.Max(1, values.Count / 4);
        var first = Median(values.Take(quarter));
        var last = Median(values.Skip(values.Count - quarter));
        var max = values.Count == 0 ? 0 : values.Max();
        return new SeriesFlatness(name, unit, Math.Round(first, 2), Math.Round(last, 2), Math.Round(max, 2), slack, values.Count > 0 && last <= first * 1.1 + slack);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static double[] LoadAverage() =>
        [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
}
