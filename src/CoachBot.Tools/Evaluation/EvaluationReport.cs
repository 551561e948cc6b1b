using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CoachBot.Tools.Evaluation;

/// <summary>Scenarios and passes for one intent (or the total).</summary>
public sealed record IntentScore(string Intent, int Scenarios, int Passed)
{
    public double PassRate => Scenarios == 0 ? 0 : (double)Passed / Scenarios;
}

/// <summary>A failed scenario and its failed checks.</summary>
public sealed record ScenarioFailure(string Id, string Intent, ImmutableArray<string> Failures);

/// <summary>The outcome of a run: a row per intent, the total, and the failures; printable as a table, Markdown or JSON.</summary>
public sealed record EvaluationReport(string Model, ImmutableArray<IntentScore> Intents, IntentScore Total, int MultiTurn, ImmutableArray<ScenarioFailure> Failures)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static EvaluationReport From(string model, IReadOnlyCollection<ScenarioResult> results)
    {
        var intents = results
            .GroupBy(r => r.Scenario.Category)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new IntentScore(g.Key, g.Count(), g.Count(r => r.Passed)))
            .ToImmutableArray();
        var failures = results
            .Where(r => !r.Passed)
            .Select(r => new ScenarioFailure(r.Scenario.Id, r.Scenario.Category, r.Failures))
            .ToImmutableArray();
        return new EvaluationReport(
            model,
            intents,
            new IntentScore("total", results.Count, results.Count(r => r.Passed)),
            results.Count(r => r.Scenario.IsMultiTurn),
            failures);
    }

    /// <summary>A fixed-width table: intent, scenarios, passed, %.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine("intent            scenarios  passed       %");
        foreach (var row in Intents.Append(Total))
        {
            if (row == Total)
            {
                text.AppendLine(new string('-', 44));
            }

            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{row.Intent,-16}  {row.Scenarios,9}  {row.Passed,6}  {row.PassRate * 100,6:0.0}"));
        }

        return text.ToString();
    }

    /// <summary>The table and the failures as Markdown.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Coaching evaluation ({Model})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Total.Scenarios} scenarios ({MultiTurn} conversations), {Total.Passed} passed.");
        text.AppendLine();
        text.AppendLine("| Intent | Scenarios | Passed | % |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var row in Intents.Append(Total))
        {
            var name = row == Total ? "**Total**" : row.Intent;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {row.Scenarios} | {row.Passed} | {row.PassRate * 100:0.0} |"));
        }

        if (!Failures.IsEmpty)
        {
            text.AppendLine();
            text.AppendLine("## Failures");
            text.AppendLine();
            foreach (var failure in Failures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- `{failure.Id}` ({failure.Intent}): {Escape(string.Join("; ", failure.Failures))}");
            }
        }

        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
