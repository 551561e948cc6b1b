using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tools.Evaluation;

/// <summary>
/// "eval": runs the suite and prints one line per scenario, the failures, the per-intent table and a closing
/// "N passed, M failed" line; --report=PATH writes the table and failures as Markdown, --json=PATH as JSON.
/// </summary>
public static class EvaluationCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var file = configuration["scenarios"] ?? EvaluationRunner.DefaultScenarioFile;
        var filter = configuration["filter"];
        var verbose = string.Equals(configuration["verbose"], "true", StringComparison.OrdinalIgnoreCase);
        var model = configuration["Coaching:Model"] ?? "offline";
        var scenarios = EvaluationRunner.Load(file).Where(s => filter is null || s.Id.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        var runner = services.GetRequiredService<EvaluationRunner>();

        await output.WriteLineAsync($"Evaluating {scenarios.Count} scenarios with model '{model}'");
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            var result = await runner.RunAsync(scenario, cancellationToken);
            results.Add(result);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(result.Passed ? "PASS" : "FAIL")}  {scenario.Id}  ({result.Duration.TotalMilliseconds:0} ms)"));
            foreach (var failure in result.Failures)
            {
                await output.WriteLineAsync("      " + failure);
            }

            if (verbose || !result.Passed)
            {
                await output.WriteLineAsync(Indent(result.Transcript));
            }
        }

        var report = EvaluationReport.From(model, results);
        await output.WriteLineAsync();
        await output.WriteAsync(report.ToTable());
        if (configuration["report"] is { Length: > 0 } markdown)
        {
            await File.WriteAllTextAsync(markdown, report.ToMarkdown(), cancellationToken);
            await output.WriteLineAsync($"Markdown report: {markdown}");
        }

        if (configuration["json"] is { Length: > 0 } json)
        {
            await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken);
            await output.WriteLineAsync($"JSON report: {json}");
        }

        await output.WriteLineAsync($"{report.Total.Passed} passed, {report.Total.Scenarios - report.Total.Passed} failed");
        return report.Total.Passed == report.Total.Scenarios ? 0 : 1;
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "      | " + l));
}
