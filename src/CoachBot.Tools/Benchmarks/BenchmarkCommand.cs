using System.Diagnostics;
using System.Globalization;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Retrieval;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoachBot.Tools.Benchmarks;

/// <summary>
/// "bench": retrieval index build time (cold, without the embedding cache), retrieval latency, and offline coaching turn
/// latency (context, retrieval, prompt rendering, composition and streaming, no pacing delay), as percentiles.
/// </summary>
public static class BenchmarkCommand
{
    private static readonly string[] Questions =
    [
        "What level am I at and what comes next?",
        "Which skills am I missing? Give me a 30/60/90 day plan.",
        "What salary should I expect?",
        "Which certifications are worth getting?",
        "Help me prepare for my interview",
        "Please review my resume bullets:\n- Worked on backend services\n- Reduced API latency by 40%",
    ];

    private static readonly string[] SearchQueries =
    [
        "how much money can a mid level backend person make",
        "what should I put on my CV so the screening software picks it up",
        "which certificates are worth getting for cloud",
        "common mistakes people make early on",
        "questions they ask in interviews for juniors",
        "how do I plan the next three months",
        "communication and working with stakeholders",
        "what does a data engineer do all day",
        "is remote work realistic for devops",
        "how do I move from senior to staff",
    ];

    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var iterations = int.TryParse(configuration["iterations"], CultureInfo.InvariantCulture, out var n) ? n : 200;
        await BenchmarkRetrievalAsync(services, iterations, output, cancellationToken);
        var engine = services.GetRequiredService<ICoachingEngine>();
        var profile = CareerProfile.Empty with
        {
            TargetRole = "Backend Developer",
            Region = "USA",
            YearsOfExperience = 3,
            Skills = [new SkillEntry("APIs", 4, []), new SkillEntry("Testing", 2, [])],
        };

        // Warm up: first use loads prompts, role content and JIT-compiles the path.
        await TimeTurnAsync(engine, profile, Questions[0], cancellationToken);
        var timings = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            timings.Add(await TimeTurnAsync(engine, profile, Questions[i % Questions.Length], cancellationToken));
        }

        await output.WriteLineAsync(Summary("offline turn", timings));
        return 0;
    }

    private static async Task BenchmarkRetrievalAsync(IServiceProvider services, int iterations, TextWriter output, CancellationToken cancellationToken)
    {
        var documents = new List<RetrievalDocument>();
        foreach (var source in services.GetServices<IRetrievalDocumentSource>())
        {
            documents.AddRange(await source.GetDocumentsAsync(cancellationToken));
        }

        var embedder = services.GetRequiredService<ITextEmbedder>();
        embedder.Embed(["warm up the model"]);
        var cold = new RetrievalIndexBuilder(embedder, Options.Create(new RetrievalOptions()), NullLogger<RetrievalIndexBuilder>.Instance);
        var started = Stopwatch.GetTimestamp();
        var index = cold.Build(documents, cancellationToken);
        var buildTime = Stopwatch.GetElapsedTime(started);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"index build (no cache): {buildTime.TotalMilliseconds:0} ms for {index.Statistics.Documents} sections, {index.Statistics.Passages} passages"));

        var ready = await services.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync(cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"index build at start-up (embedding cache): {ready.Statistics.BuildTime.TotalMilliseconds:0} ms, {ready.Statistics.CachedPassages} of {ready.Statistics.Passages} passages from cache"));

        var timings = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var query = new RetrievalQuery(SearchQueries[i % SearchQueries.Length], null, "backend-developer", "usa");
            var searchStarted = Stopwatch.GetTimestamp();
            index.Search(query);
            timings.Add(Stopwatch.GetElapsedTime(searchStarted).TotalMilliseconds);
        }

        await output.WriteLineAsync(Summary("retrieval query", timings));
    }

    /// <summary>"name: n=…, p50=… ms, p99=… ms, max=… ms".</summary>
    public static string Summary(string name, List<double> milliseconds)
    {
        milliseconds.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"{name}: n={milliseconds.Count}, p50={Percentile(milliseconds, 0.50):0.00} ms, p99={Percentile(milliseconds, 0.99):0.00} ms, max={milliseconds[^1]:0.00} ms");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<double> TimeTurnAsync(ICoachingEngine engine, CareerProfile profile, string question, CancellationToken cancellationToken)
    {
        var request = new CoachingRequest(new UserKey(TenantId.Parse("bench"), UserId.Parse("bench")), TurnId.New(), profile, [new PriorTurn("hi", "hello", TurnStatus.Completed)], question);
        var started = Stopwatch.GetTimestamp();
        await foreach (var _ in engine.StreamReplyAsync(request, cancellationToken))
        {
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
