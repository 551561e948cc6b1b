using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Profiles;
using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Tools.Evaluation;

/// <summary>The result of one scenario: every turn's reply and every check that failed.</summary>
public sealed record ScenarioResult(EvaluationScenario Scenario, ImmutableArray<ConversationTurn> Turns, ImmutableArray<string> Failures, TimeSpan Duration)
{
    public bool Passed => Failures.IsEmpty;

    /// <summary>The last reply.</summary>
    public string Reply => Turns.IsEmpty ? "" : Turns[^1].Reply;

    /// <summary>The last reply's metadata.</summary>
    public ReplyMetadata? Metadata => Turns.IsEmpty ? null : Turns[^1].Metadata;

    /// <summary>The whole conversation as text, for failure messages and verbose output.</summary>
    public string Transcript => Turns.Length == 1
        ? Turns[0].Reply
        : string.Join("\n", Turns.Select((t, i) => $"[{i + 1}] > {t.Message}\n{t.Reply}"));
}

/// <summary>
/// Runs scenarios through the coaching loop (<see cref="CoachingConversation"/>, offline or any configured LLM) and
/// checks each reply that has expectations.
/// </summary>
public sealed partial class EvaluationRunner(ICoachingEngine engine, IProfileLearning learning)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The scenario file shipped beside the tool.</summary>
    public static string DefaultScenarioFile => Path.Combine(AppContext.BaseDirectory, "Evaluation", "scenarios.json");

    /// <summary>Reads the scenario file; every scenario needs a message, and ids are unique.</summary>
    public static ImmutableArray<EvaluationScenario> Load(string path)
    {
        var scenarios = JsonSerializer.Deserialize<ImmutableArray<EvaluationScenario>>(File.ReadAllText(path), Json);
        var duplicates = scenarios.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"Duplicate scenario ids: {string.Join(", ", duplicates)}");
        }

        var empty = scenarios.Where(s => s.Steps.IsEmpty || s.Steps.All(t => t.Expect is null)).Select(s => s.Id).ToList();
        return empty.Count == 0 ? scenarios : throw new InvalidDataException($"Scenarios without a message or without checks: {string.Join(", ", empty)}");
    }

    /// <summary>Runs every message of the scenario in order and checks the replies.</summary>
    public async Task<ScenarioResult> RunAsync(EvaluationScenario scenario, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var conversation = new CoachingConversation(
            engine,
            learning,
            new UserKey(TenantId.Parse("eval"), UserId.Parse("eval-" + scenario.Id)),
            scenario.Profile,
            scenario.History.Select(h => new PriorTurn(h.Question, h.Reply, TurnStatus.Completed)));

        var steps = scenario.Steps;
        var turns = ImmutableArray.CreateBuilder<ConversationTurn>();
        var failures = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < steps.Length; i++)
        {
            var turn = await conversation.SendAsync(steps[i].Message, cancellationToken);
            turns.Add(turn);
            var prefix = steps.Length > 1 ? $"turn {i + 1}: " : "";
            if (turn.Failure is not null)
            {
                failures.Add($"{prefix}the model failed: {turn.Failure}");
                break;
            }

            if (steps[i].Expect is { } expect)
            {
                failures.AddRange(Check(expect, turn.Reply, turn.Metadata, turn.Citations).Select(f => prefix + f));
            }
        }

        return new ScenarioResult(scenario, turns.ToImmutable(), failures.ToImmutable(), Stopwatch.GetElapsedTime(started));
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

    /// <summary>
    /// Every failed check of one reply. A grounding flag fails the reply unless the post-processing already removed the
    /// claim, in which case the reader never saw it.
    /// </summary>
    internal static ImmutableArray<string> Check(EvaluationExpectations expect, string reply, ReplyMetadata? metadata, ImmutableArray<Citation> citations)
    {
        var failures = ImmutableArray.CreateBuilder<string>();
        if (expect.Intent is { } intent && !Alternatives(intent).Contains(metadata?.Intent ?? "", StringComparer.Ordinal))
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

        citations = citations.IsDefault ? [] : citations;
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

        foreach (var flag in (metadata?.Flags ?? []).Where(f => f.Action != "removed"))
        {
            failures.Add($"ungrounded {flag.Kind}: {flag.Text}");
        }

        return failures.ToImmutable();
    }

    private static bool ContainsAny(string text, string alternatives) =>
        Alternatives(alternatives).Any(a => text.Contains(a, StringComparison.OrdinalIgnoreCase));

    internal static string[] Alternatives(string entry) => entry.Split("||", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex CitationMarker();
}
