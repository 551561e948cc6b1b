using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>
/// Test-only document source: the shipped role pages split at their "## " headings. Deliberately minimal; the real
/// source sits on the role-content library.
/// </summary>
public sealed class MarkdownRoleDocumentSource(string folder) : IRetrievalDocumentSource
{
    private static readonly Dictionary<string, string> SectionIds = new(StringComparer.Ordinal)
    {
        ["Overview"] = "overview",
        ["Career levels"] = "career-levels",
        ["Hard skills"] = "hard-skills",
        ["Soft skills"] = "soft-skills",
        ["Salary and market signals"] = "salary",
        ["Education and certifications"] = "education",
        ["Resume and ATS"] = "resume",
        ["Pitfalls"] = "pitfalls",
        ["Interview themes"] = "interview",
        ["Tips for success"] = "tips",
        ["Action plan"] = "action-plan",
    };

    /// <summary>The shipped pages, found by walking up from the test binaries to the repository's content folder.</summary>
    public static MarkdownRoleDocumentSource Shipped() => new(FindRolesFolder());

    public Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RetrievalDocument>>(Read());

    public List<RetrievalDocument> Read() =>
        [.. Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal).SelectMany(f => ReadPage(File.ReadAllText(f)))];

    public static IEnumerable<RetrievalDocument> ReadPage(string markdown)
    {
        var lines = markdown.Split('\n');
        var end = Array.IndexOf(lines, "---", 1);
        var front = lines[1..end].Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var (roleId, regionId, version) = (front["role_id"], front["region_id"], front["version"]);

        string? title = null;
        var body = new List<string>();
        foreach (var line in lines[(end + 1)..].Append("## "))
        {
            if (!line.StartsWith("## ", StringComparison.Ordinal))
            {
                body.Add(line);
                continue;
            }

            if (title is not null)
            {
                var sectionId = SectionIds[title];
                yield return new RetrievalDocument(
                    $"{roleId}/{regionId}/{sectionId}", null, roleId, regionId, sectionId, title, string.Join('\n', body).Trim(), version);
            }

            title = line[3..];
            body.Clear();
        }
    }

    private static string FindRolesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content", "roles");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.md").Any())
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("content/roles was not found above " + AppContext.BaseDirectory);
    }
}
