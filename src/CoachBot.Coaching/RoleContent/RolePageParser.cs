using System.Collections.Immutable;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// Parses and validates one role page written in the format of docs/role-content-format.md.
/// A malformed page is rejected with a <see cref="RoleContentException"/> that lists every problem found, each naming the file.
/// </summary>
/// <remarks>
/// The parser is line-based rather than built on Markdig because the format is defined line by line (one block per line,
/// fixed labels, exact blank-line layout), and a CommonMark tree would hide the details the format forbids, such as wrapped
/// lines, nested bullets or missing blank lines, along with the line numbers that make the error messages useful.
/// </remarks>
public static class RolePageParser
{
    /// <summary>Parses a page.</summary>
    /// <param name="markdown">The page's text.</param>
    /// <param name="sourceFile">The file it came from; its file name must be "role_id.region_id.md".</param>
    /// <exception cref="RoleContentException">The page breaks the format.</exception>
    public static RolePage Parse(string markdown, string sourceFile)
    {
        var fileName = Path.GetFileName(sourceFile);
        return Parse(markdown, sourceFile, fileName.Length > 0 ? fileName : sourceFile, fileName);
    }

    /// <summary>
    /// Parses a page that has no file, such as a tenant's upload: the same rules except the file name. Problems are
    /// reported as "<paramref name="sourceName"/>:line: problem".
    /// </summary>
    /// <exception cref="RoleContentException">The page breaks the format.</exception>
    public static RolePage ParseUpload(string markdown, string sourceName) => Parse(markdown, sourceName, sourceName, null);

    private static RolePage Parse(string markdown, string sourceFile, string logName, string? requiredFileName)
    {
        var log = new ProblemLog(logName);
        var lines = SplitLines(markdown, log);
        var header = FrontMatterParser.Parse(lines, requiredFileName, log, out var bodyStart);
        if (header is null)
        {
            // The body is only checked once the front matter is sound: its region and slugs are needed below.
            log.ThrowIfAny();
            throw new RoleContentException($"{log.FileName}: the front matter is invalid");
        }

        var sections = SectionSplitter.Split(lines, bodyStart, log);
        var parts = ParseSections(sections, header.Region, log);
        CrossCheck(parts, sections, log);
        log.ThrowIfAny();
        return Build(header, sourceFile, sections, parts);
    }

    private static string[] SplitLines(string markdown, ProblemLog log)
    {
        if (markdown.Length == 0)
        {
            log.Add("the file is empty");
            log.ThrowIfAny();
        }

        if (markdown[0] == '\uFEFF')
        {
            log.Add("the file starts with a byte order mark; save it as UTF-8 without a BOM");
            markdown = markdown[1..];
        }

        if (markdown.Contains('\r', StringComparison.Ordinal))
        {
            log.Add("line endings must be LF, not CRLF or CR");
            markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        if (!markdown.EndsWith('\n'))
        {
            log.Add("the file must end with a newline");
        }
        else if (markdown.EndsWith("\n\n", StringComparison.Ordinal))
        {
            log.Add("the file must end with a single newline, not with blank lines");
        }

        return markdown.TrimEnd('\n').Split('\n');
    }

    private static PageParts ParseSections(Dictionary<string, RawSection> sections, string region, ProblemLog log)
    {
        var parts = new PageParts();
        foreach (var section in sections.Values)
        {
            var problems = log.For(section.Title);
            var allowBoldNames = section.Id is RoleSectionIds.HardSkills or RoleSectionIds.SoftSkills or RoleSectionIds.Education;
            var read = BodyLineReader.Read(section.Lines, allowBoldNames, problems);
            parts.PlainText[section.Id] = read.PlainText;
            var cursor = new SectionCursor(read.Lines, problems);
            switch (section.Id)
            {
                case RoleSectionIds.Overview:
                    parts.Overview = ContentSectionParsers.ParseOverview(cursor);
                    break;
                case RoleSectionIds.CareerLevels:
                    var problemsBefore = log.Problems.Count;
                    parts.Levels = CareerSectionsParser.ParseLevels(cursor);
                    parts.LevelsAreSound = log.Problems.Count == problemsBefore;
                    break;
                case RoleSectionIds.HardSkills:
                    parts.HardSkills = ContentSectionParsers.ParseSkills(cursor, 6, 12);
                    break;
                case RoleSectionIds.SoftSkills:
                    parts.SoftSkills = ContentSectionParsers.ParseSkills(cursor, 4, 7);
                    break;
                case RoleSectionIds.Salary:
                    parts.Market = MarketParser.Parse(cursor, region);
                    break;
                case RoleSectionIds.Education:
                    (parts.Education, parts.Certifications) = ContentSectionParsers.ParseEducation(cursor);
                    break;
                case RoleSectionIds.Resume:
                    parts.Resume = ContentSectionParsers.ParseResume(cursor);
                    break;
                case RoleSectionIds.Pitfalls:
                    parts.Pitfalls = ContentSectionParsers.ParseBullets(cursor, 4, 8);
                    break;
                case RoleSectionIds.Interview:
                    parts.Interview = CareerSectionsParser.ParseInterview(cursor);
                    break;
                case RoleSectionIds.Tips:
                    parts.Tips = ContentSectionParsers.ParseBullets(cursor, 4, 8);
                    break;
                case RoleSectionIds.ActionPlan:
                    parts.ActionPlan = ContentSectionParsers.ParseActionPlan(cursor);
                    break;
            }
        }

        return parts;
    }

    /// <summary>Level names and years must be reused verbatim, in order, by the salary bullets and the interview subheadings.</summary>
    private static void CrossCheck(PageParts parts, Dictionary<string, RawSection> sections, ProblemLog log)
    {
        // Broken levels would make every salary and interview entry look wrong; they are reported on their own.
        var levels = parts.Levels;
        if (!parts.LevelsAreSound)
        {
            return;
        }

        if (parts.Market is { } market && sections.TryGetValue(RoleSectionIds.Salary, out var salarySection))
        {
            var problems = log.For(salarySection.Title);
            var salary = market.Salary;
            for (var i = 0; i < Math.Max(levels.Length, salary.Length); i++)
            {
                if (i >= salary.Length)
                {
                    problems.Add($"career level '{Describe(levels[i])}' has no salary bullet");
                }
                else if (i >= levels.Length)
                {
                    problems.Add(salary[i].Line, $"salary bullet '{salary[i].Label}' has no matching career level");
                }
                else if (salary[i].Signal is var s && (s.Level != levels[i].Name || s.MinYears != levels[i].MinYears || s.MaxYears != levels[i].MaxYears))
                {
                    problems.Add(salary[i].Line, $"salary bullet '{salary[i].Label}' does not match career level {i + 1}, '{Describe(levels[i])}'; use each level's name and years verbatim, in career-level order");
                }
            }
        }

        if (sections.TryGetValue(RoleSectionIds.Interview, out var interviewSection))
        {
            var problems = log.For(interviewSection.Title);
            var interview = parts.Interview;
            for (var i = 0; i < Math.Max(levels.Length, interview.Length); i++)
            {
                if (i >= interview.Length)
                {
                    problems.Add($"career level '{levels[i].Name}' has no interview subheading '### {levels[i].Name}'");
                }
                else if (i >= levels.Length)
                {
                    problems.Add(interview[i].Line, $"interview level '{interview[i].Level.Level}' has no matching career level");
                }
                else if (!string.Equals(interview[i].Level.Level, levels[i].Name, StringComparison.Ordinal))
                {
                    problems.Add(interview[i].Line, $"interview level '{interview[i].Level.Level}' does not match career level {i + 1}, '{levels[i].Name}'; use the level names without years, in career-level order");
                }
            }
        }
    }

    private static string Describe(CareerLevel level) => $"{level.Name} ({level.YearsText})";

    private static RolePage Build(FrontMatter header, string sourceFile, Dictionary<string, RawSection> sections, PageParts parts)
    {
        var market = parts.Market!;
        return new RolePage
        {
            RoleId = header.RoleId,
            Role = header.Role,
            RegionId = header.RegionId,
            Region = header.Region,
            Version = header.Version,
            LastReviewed = header.LastReviewed,
            Aliases = header.Aliases,
            SourceFile = sourceFile,
            Sections = [.. RoleSectionIds.InPageOrder.Select(s => new RoleSection(
                header.RoleId, header.RegionId, header.Version, s.SectionId, sections[s.SectionId].Title, parts.PlainText[s.SectionId]))],
            Overview = parts.Overview,
            CareerLevels = parts.Levels,
            HardSkills = parts.HardSkills,
            SoftSkills = parts.SoftSkills,
            Salary = [.. market.Salary.Select(s => s.Signal)],
            Demand = market.Demand!,
            RemoteFeasibility = market.RemoteFeasibility!,
            OtherMarketSignals = market.Other,
            MarketNote = market.Note!,
            Education = parts.Education,
            Certifications = parts.Certifications,
            Resume = parts.Resume!,
            Pitfalls = parts.Pitfalls,
            Interview = [.. parts.Interview.Select(i => i.Level)],
            Tips = parts.Tips,
            ActionPlan = parts.ActionPlan!,
        };
    }

    /// <summary>The typed content of each section as it is parsed.</summary>
    private sealed class PageParts
    {
        public Dictionary<string, string> PlainText { get; } = new(StringComparer.Ordinal);

        public string Overview { get; set; } = "";

        public ImmutableArray<CareerLevel> Levels { get; set; } = [];

        public bool LevelsAreSound { get; set; }

        public ImmutableArray<RoleSkill> HardSkills { get; set; } = [];

        public ImmutableArray<RoleSkill> SoftSkills { get; set; } = [];

        public MarketParser.Market? Market { get; set; }

        public ImmutableArray<string> Education { get; set; } = [];

        public ImmutableArray<RoleCertification> Certifications { get; set; } = [];

        public ResumeAdvice? Resume { get; set; }

        public ImmutableArray<string> Pitfalls { get; set; } = [];

        public ImmutableArray<(InterviewLevel Level, int Line)> Interview { get; set; } = [];

        public ImmutableArray<string> Tips { get; set; } = [];

        public ActionPlan? ActionPlan { get; set; }
    }
}
