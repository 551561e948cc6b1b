using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Coaching.Engine;
using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Tools.Evaluation;

/// <summary>The result of one scenario: the reply and every check that failed.</summary>
public sealed record ScenarioResult(EvaluationScenario Scenario, string Reply, ReplyMetadata? Metadata, ImmutableArray<Citation> Citations, ImmutableArray<string> Failures, TimeSpan Duration)
{
    public bool Passed => Failures.IsEmpty;
}

/// <summary>Runs scenarios through a coaching engine (offline or any configured LLM) and checks each reply.</summary>
public sealed class EvaluationRunner(ICoachingEngine engine)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Reads the scenario file.</summary>
    public static ImmutableArray<EvaluationScenario> Load(string path)
    {
        var scenarios = JsonSerializer.Deserialize<ImmutableArray<EvaluationScenario>>(File.ReadAllText(path), Json);
        var duplicates = scenarios.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return duplicates.Count == 0 ? scenarios : throw new InvalidDataException($"Duplicate scenario ids: {string.Join(", ", duplicates)}");
    }

    /// <summary>The scenario file shipped beside the tool.</summary>
    public static string DefaultScenarioFile => Path.Combine(AppContext.BaseDirectory, "Evaluation", "scenarios.json");

    public async Task<ScenarioResult> RunAsync(EvaluationScenario scenario, CancellationToken cancellationToken)
    {
        var request = new CoachingRequest(
            new UserKey(TenantId.Parse("eval"), UserId.Parse("eval-" + scenario.Id)),
            TurnId.New(),
            scenario.Profile,
            [.. scenario.History.Select(h => new PriorTurn(h.Question, h.Reply, TurnStatus.Completed))],
            scenario.Question);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var text = new StringBuilder();
        CoachingUpdate? last = null;
        try
        {
            await foreach (var update in engine.StreamReplyAsync(request, cancellationToken))
            {
                text.Append(update.Delta);
                last = update;
            }
        }
        catch (CoachingFailedException ex)
        {
            return new ScenarioResult(scenario, text.ToString(), null, [], [$"the model failed: {ex.Message}"], System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        var citations = last?.Citations ?? [];
        var failures = Check(scenario.Expect, text.ToString(), last?.Metadata, citations);
        return new ScenarioResult(scenario, text.ToString(), last?.Metadata, citations, failures, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public async Task<ImmutableArray<ScenarioResult>> RunAllAsync(IEnumerable<EvaluationScenario> scenarios, CancellationToken cancellationToken)
    {
        var results = ImmutableArray.CreateBuilder<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            results.Add(await RunAsync(scenario, cancellationToken));
        }

        return results.ToImmutable();
    }

    internal static ImmutableArray<string> Check(EvaluationExpectations expect, string reply, ReplyMetadata? metadata, ImmutableArray<Citation> citations)
    {
        var failures = ImmutableArray.CreateBuilder<string>();
        if (expect.Intent is { } intent && !string.Equals(metadata?.Intent, intent, StringComparison.Ordinal))
        {
            failures.Add($"intent was '{metadata?.Intent}', expected '{intent}'");
        }

        foreach (var fact in expect.MustContain.Where(f => !ContainsAny(reply, f)))
        {
            failures.Add($"missing: {fact}");
        }

        foreach (var fact in expect.MustNotContain.Where(f => ContainsAny(reply, f)))
        {
            failures.Add($"must not contain: {fact}");
        }

        var cited = citations.Select(c => $"{c.RoleId}/{c.Region}/{c.SectionId}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var section in expect.Cites.Where(s => !cited.Contains(s)))
        {
            failures.Add($"not cited: {section} (cited: {string.Join(", ", cited)})");
        }

        foreach (var section in expect.MustNotCite.Where(cited.Contains))
        {
            failures.Add($"must not cite: {section}");
        }

        if (expect.NoCitations && cited.Count > 0)
        {
            failures.Add($"expected no citations, got {string.Join(", ", cited)}");
        }

        if (!expect.NoCitations && cited.Count > 0 && !CitationMarker().IsMatch(reply))
        {
            failures.Add("cites sections but the text has no [n] markers");
        }

        foreach (var flag in metadata?.Flags ?? [])
        {
            failures.Add($"ungrounded {flag.Kind}: {flag.Text}");
        }

        return failures.ToImmutable();
    }

    private static bool ContainsAny(string text, string alternatives) =>
        alternatives.Split("||", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(a => text.Contains(a, StringComparison.OrdinalIgnoreCase));

    private static System.Text.RegularExpressions.Regex CitationMarker() => new(@"\[\d+\]");
}
