using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.RoleContent;

/// <summary>The front matter of a role page; every value read as a string first (docs/role-content-format.md, section 2).</summary>
internal sealed record FrontMatter(string Role, string RoleId, string Region, string RegionId, string Version, DateOnly LastReviewed, ImmutableArray<string> Aliases);

/// <summary>
/// Reads the front-matter block. The format allows only seven plain "key: value" lines in a fixed order and a flow list of
/// unquoted aliases, so the lines are read directly: a YAML library would accept (and silently reinterpret) far more than
/// the format allows, such as quotes, comments, dates and numbers.
/// </summary>
internal static partial class FrontMatterParser
{
    private const string Delimiter = "---";

    private static readonly string[] Keys = ["role", "role_id", "region", "region_id", "version", "last_reviewed", "aliases"];

    /// <summary>Parses the block at the top of <paramref name="lines"/>.</summary>
    /// <param name="lines">The page's lines.</param>
    /// <param name="fileName">The page's file name, which must be "role_id.region_id.md"; null for a page that has no file (an upload).</param>
    /// <param name="log">Where problems go.</param>
    /// <param name="bodyStart">The index of the first line after the block, or -1 when there is no complete block.</param>
    /// <returns>The front matter, or null when it has problems.</returns>
    public static FrontMatter? Parse(string[] lines, string? fileName, ProblemLog log, out int bodyStart)
    {
        bodyStart = -1;
        if (lines[0] != Delimiter)
        {
            log.Add(1, "the page must start with a front-matter block: line 1 must be exactly '---'");
            return null;
        }

        var close = Array.IndexOf(lines, Delimiter, 1);
        if (close < 0)
        {
            log.Add(1, "the front matter is not closed by a line that is exactly '---'");
            return null;
        }

        bodyStart = close + 1;
        CheckWhatFollows(lines, close, log);
        var before = log.Problems.Count;
        var values = ReadValues(lines, close, log);
        var header = Interpret(values, log);
        if (header is not null && fileName is not null && !string.Equals(fileName, $"{header.RoleId}.{header.RegionId}.md", StringComparison.Ordinal))
        {
            log.Add($"the file name must be '{header.RoleId}.{header.RegionId}.md' to match the front matter's role_id and region_id");
        }

        return log.Problems.Count == before ? header : null;
    }

    private static void CheckWhatFollows(string[] lines, int close, ProblemLog log)
    {
        var blank = close + 1 < lines.Length ? lines[close + 1] : null;
        var heading = close + 2 < lines.Length ? lines[close + 2] : null;
        if (heading is not null && heading.StartsWith("# ", StringComparison.Ordinal))
        {
            log.Add(close + 3, "a page has no level-1 ('# ') title; the first section heading follows the front matter");
        }
        else if (blank is not "" || heading is null || !heading.StartsWith("## ", StringComparison.Ordinal))
        {
            log.Add(close + 2, "the front matter must be followed by one blank line and then the first section heading");
        }
    }

    private static Dictionary<string, string> ReadValues(string[] lines, int close, ProblemLog log)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 1; i < close; i++)
        {
            var number = i + 1;
            var match = KeyValue().Match(lines[i]);
            if (!match.Success)
            {
                log.Add(number, $"front matter line '{lines[i]}' must be 'key: value' (no comments, no blank lines)");
                continue;
            }

            var (key, value) = (match.Groups["key"].Value, match.Groups["value"].Value);
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                log.Add(number, $"front matter has unknown key '{key}'; the keys are {string.Join(", ", Keys)}");
            }
            else if (!values.TryAdd(key, value))
            {
                log.Add(number, $"front matter key '{key}' appears more than once");
            }
            else
            {
                order.Add(key);
                CheckPlain(key, value, number, log);
            }
        }

        foreach (var missing in Keys.Where(k => !values.ContainsKey(k)))
        {
            log.Add($"front matter is missing key '{missing}'");
        }

        if (!order.SequenceEqual(Keys.Where(values.ContainsKey), StringComparer.Ordinal))
        {
            log.Add($"front matter keys must be in this order: {string.Join(", ", Keys)}");
        }

        return values;
    }

    private static void CheckPlain(string key, string value, int number, ProblemLog log)
    {
        if (value.Length == 0 || value != value.Trim())
        {
            log.Add(number, $"front matter key '{key}' needs a value without leading or trailing spaces");
        }
        else if (value[0] is '"' or '\'')
        {
            log.Add(number, $"front matter value of '{key}' must not be quoted");
        }
        else if (value.Contains(" #", StringComparison.Ordinal))
        {
            log.Add(number, $"front matter value of '{key}' must not carry a comment");
        }
    }

    private static FrontMatter? Interpret(Dictionary<string, string> values, ProblemLog log)
    {
        string Get(string key) => values.GetValueOrDefault(key, "");
        var (role, roleId, region, regionId, version) = (Get("role"), Get("role_id"), Get("region"), Get("region_id"), Get("version"));
        foreach (var (key, slug) in new[] { ("role_id", roleId), ("region_id", regionId) })
        {
            if (slug.Length > 0 && !Slug().IsMatch(slug))
            {
                log.Add($"front matter {key} '{slug}' is not a slug (lowercase letters and digits in words joined by single hyphens)");
            }
        }

        if (region.IndexOfAny([',', '(', ')']) >= 0)
        {
            log.Add($"front matter region '{region}' must not contain ',' or parentheses, because salary bullets quote it");
        }

        if (version.Length > 0 && !VersionPattern().IsMatch(version))
        {
            log.Add($"front matter version '{version}' must be YYYY.MM.N, for example 2026.11.1");
        }

        var reviewedText = Get("last_reviewed");
        if (!DateOnly.TryParseExact(reviewedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var reviewed) && reviewedText.Length > 0)
        {
            log.Add($"front matter last_reviewed '{reviewedText}' must be an ISO date, YYYY-MM-DD");
        }

        var aliases = ParseAliases(Get("aliases"), log);
        return values.Count == Keys.Length ? new FrontMatter(role, roleId, region, regionId, version, reviewed, aliases) : null;
    }

    private static ImmutableArray<string> ParseAliases(string text, ProblemLog log)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
        {
            log.Add($"front matter aliases must be a flow list such as [backend engineer, api developer], not '{text}'");
            return [];
        }

        var inner = text[1..^1];
        var aliases = inner.Trim().Length == 0 ? [] : inner.Split(',').Select(a => a.Trim()).ToImmutableArray();
        foreach (var alias in aliases)
        {
            if (alias.Length == 0 || alias.IndexOfAny(['[', ']', ':', '#', '"', '\'']) >= 0 || alias.Any(char.IsUpper))
            {
                log.Add($"front matter alias '{alias}' must be non-empty, lowercase, unquoted and free of , [ ] : #");
            }
        }

        foreach (var duplicate in aliases.GroupBy(a => a, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            log.Add($"front matter alias '{duplicate.Key}' is listed more than once");
        }

        return aliases;
    }

    [GeneratedRegex(@"^(?<key>[^\s:#]+):(?: (?<value>.*))?$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^\d{4}\.\d{2}\.\d+$")]
    private static partial Regex VersionPattern();
}
