using System.Text.Json;
using Microsoft.Playwright;

namespace CoachBot.Widget.Tests.Support;

/// <summary>axe-core, a development package of the widget (never part of its bundle), injected into pages by the tests.</summary>
internal static class AxeScript
{
    /// <summary>The widget's element; axe reaches into its open shadow root.</summary>
    public const string Widget = "coachbot-widget";

    public static string Path { get; } = Find();

    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path));

    /// <summary>
    /// Runs axe-core in the page through the browser's debugging protocol, which the page's Content-Security-Policy does not
    /// govern: CoachBot's own pages allow no inline scripts, and the test must not weaken that policy to inspect them.
    /// </summary>
    public static Task InjectAsync(IPage page) => page.EvaluateAsync(Source.Value);

    /// <summary>
    /// Runs axe's WCAG 2 A/AA rules on the element <paramref name="scope"/> selects (the widget by default, or a whole
    /// page with "html") and fails with a readable list of what it found.
    /// </summary>
    public static async Task AssertNoViolationsAsync(IPage page, string state, string scope = Widget)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            async (scope) => {
              const result = await axe.run({ include: [[scope]] }, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
              });
              const inScope = (r) => r.nodes.filter(n => scope === 'html' || JSON.stringify(n.target).includes(scope)).length;
              return {
                checked: result.passes.reduce((sum, r) => sum + inScope(r), 0),
                violations: result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map(n => `    at ${JSON.stringify(n.target)}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n')),
              };
            }
            """, scope);
        var violations = result.GetProperty("violations").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} violation(s) with {scope} {state}:\n" + string.Join("\n", violations));
        // The rules did reach the elements (inside the widget's shadow root, too).
        Assert.True(result.GetProperty("checked").GetInt32() > 0, $"axe checked nothing in {scope} ({state})");
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = System.IO.Path.Combine(folder.FullName, "src", "CoachBot.Widget", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("axe-core is not installed: build src/CoachBot.Widget (it runs npm ci) first.");
    }
}
