using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tools.Evaluation;

/// <summary>"eval": runs the suite and prints one line per scenario, the failures, and a closing "N passed, M failed" line.</summary>
public static class EvaluationCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var file = configuration["scenarios"] ?? EvaluationRunner.DefaultScenarioFile;
        var filter = configuration["filter"];
        var verbose = string.Equals(configuration["verbose"], "true", StringComparison.OrdinalIgnoreCase);
        var scenarios = EvaluationRunner.Load(file).Where(s => filter is null || s.Id.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        var runner = services.GetRequiredService<EvaluationRunner>();

        await output.WriteLineAsync($"Evaluating {scenarios.Count} scenarios with model '{configuration["Coaching:Model"] ?? "offline"}'");
        var passed = 0;
        foreach (var scenario in scenarios)
        {
            var result = await runner.RunAsync(scenario, cancellationToken);
            passed += result.Passed ? 1 : 0;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(result.Passed ? "PASS" : "FAIL")}  {scenario.Id}  ({result.Duration.TotalMilliseconds:0} ms)"));
            foreach (var failure in result.Failures)
            {
                await output.WriteLineAsync("      " + failure);
            }

            if (verbose || !result.Passed)
            {
                await output.WriteLineAsync(Indent(result.Reply));
            }
        }

        await output.WriteLineAsync($"{passed} passed, {scenarios.Count - passed} failed");
        return passed == scenarios.Count ? 0 : 1;
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "      | " + l));
}
