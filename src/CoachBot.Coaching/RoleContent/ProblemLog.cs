using System.Globalization;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Collects the problems found in one page, each formatted as "file:line: section 'Title': problem".</summary>
internal sealed class ProblemLog(string fileName)
{
    private readonly List<string> _problems = [];

    public string FileName { get; } = fileName;

    public IReadOnlyList<string> Problems => _problems;

    public bool HasProblems => _problems.Count > 0;

    /// <summary>A problem of the file as a whole.</summary>
    public void Add(string problem) => _problems.Add($"{FileName}: {problem}");

    /// <summary>A problem on one line, outside any section.</summary>
    public void Add(int line, string problem) =>
        _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{FileName}:{line}: {problem}"));

    /// <summary>A scope that prefixes problems with the section they belong to.</summary>
    public SectionProblems For(string sectionTitle) => new(this, sectionTitle);

    /// <summary>Throws a <see cref="RoleContentException"/> listing every problem, when there are any.</summary>
    public void ThrowIfAny()
    {
        if (HasProblems)
        {
            throw new RoleContentException(_problems);
        }
    }
}

/// <summary>Problems found inside one section of a page.</summary>
internal readonly struct SectionProblems(ProblemLog log, string sectionTitle)
{
    public void Add(string problem) => log.Add($"section '{sectionTitle}': {problem}");

    public void Add(int line, string problem) => log.Add(line, $"section '{sectionTitle}': {problem}");
}
