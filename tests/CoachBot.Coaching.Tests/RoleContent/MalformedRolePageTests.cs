using static CoachBot.Coaching.Tests.RoleContent.ShippedRolePages;

namespace CoachBot.Coaching.Tests.RoleContent;

/// <summary>Each rule of docs/role-content-format.md, broken in a copy of the shipped Backend Developer (USA) page.</summary>
public sealed class MalformedRolePageTests
{
    private const string JuniorHeading = "### Junior Backend Developer (0–2 years)";
    private const string JuniorSalary = "- Junior Backend Developer (0–2 years): USD 85,000–115,000 base (USA, as of 2026-06)";
    private const string Pitfall = "- Staying silent when blocked for days instead of asking for help early.";
    private const string FirstMilestone = "Milestones:\n- Merge a first production change";

    /// <summary>Rule name: how to break the page, and the problem the parser must report.</summary>
    private static readonly Dictionary<string, (Func<string, string> Break, string Problem)> Rules = new()
    {
        // Files
        ["file is empty"] = (_ => "", "the file is empty"),
        ["byte order mark"] = (t => "\uFEFF" + t, "the file starts with a byte order mark"),
        ["CRLF line endings"] = (t => t.Replace("\n", "\r\n", StringComparison.Ordinal), "line endings must be LF"),
        ["no final newline"] = (t => t.TrimEnd('\n'), "the file must end with a newline"),
        ["blank lines at the end"] = (t => t + "\n", "the file must end with a single newline"),

        // Front matter
        ["front matter missing"] = (t => Edit(t, "---\nrole:", "role:"), ":1: the page must start with a front-matter block"),
        ["front matter not closed"] = (t => Edit(t, "engineer]\n---\n", "engineer]\n"), "the front matter is not closed by a line that is exactly '---'"),
        ["front matter key missing"] = (t => RemoveLine(t, "version: "), "front matter is missing key 'version'"),
        ["front matter key unknown"] = (t => Edit(t, "last_reviewed: 2026-11-20\n", "last_reviewed: 2026-11-20\nauthor: coach\n"), "front matter has unknown key 'author'"),
        ["front matter key repeated"] = (t => Edit(t, "region: USA\n", "region: USA\nregion: USA\n"), "front matter key 'region' appears more than once"),
        ["front matter keys out of order"] = (t => Edit(t, "role: Backend Developer\nrole_id: backend-developer\n", "role_id: backend-developer\nrole: Backend Developer\n"), "front matter keys must be in this order: role, role_id, region"),
        ["front matter value quoted"] = (t => Edit(t, "role: Backend Developer\n", "role: \"Backend Developer\"\n"), "front matter value of 'role' must not be quoted"),
        ["front matter comment"] = (t => Edit(t, "region: USA\n", "region: USA\n# reviewed by the editors\n"), "front matter line '# reviewed by the editors' must be 'key: value'"),
        ["role_id does not match the file name"] = (t => Edit(t, "role_id: backend-developer", "role_id: backend-engineer"), "the file name must be 'backend-engineer.usa.md' to match the front matter's role_id and region_id"),
        ["region_id does not match the file name"] = (t => Edit(t, "region_id: usa", "region_id: us"), "the file name must be 'backend-developer.us.md'"),
        ["role_id is not a slug"] = (t => Edit(t, "role_id: backend-developer", "role_id: backend_developer"), "front matter role_id 'backend_developer' is not a slug"),
        ["version is not YYYY.MM.N"] = (t => Edit(t, "version: 2026.11.1", "version: 2026.11"), "front matter version '2026.11' must be YYYY.MM.N"),
        ["last_reviewed is not a date"] = (t => Edit(t, "last_reviewed: 2026-11-20", "last_reviewed: 2026-13-20"), "front matter last_reviewed '2026-13-20' must be an ISO date"),
        ["aliases are not a flow list"] = (t => Edit(t, "aliases: [backend engineer, ", "aliases: backend engineer, "), "front matter aliases must be a flow list"),
        ["alias is not lowercase"] = (t => Edit(t, "[backend engineer, ", "[Backend engineer, "), "front matter alias 'Backend engineer' must be non-empty, lowercase"),
        ["level-1 title"] = (t => Edit(t, "---\n\n## Overview", "---\n\n# Backend Developer\n\n## Overview"), "a page has no level-1 ('# ') title"),
        ["text before the first section"] = (t => Edit(t, "---\n\n## Overview", "---\n\nIntro.\n\n## Overview"), "text before the first section heading is not allowed"),

        // Sections
        ["required section missing"] = (t => Edit(t, "## Pitfalls\n\n", ""), "required section '## Pitfalls' is missing"),
        ["section repeated"] = (t => Edit(t, "## Pitfalls\n", "## Tips for success\n"), "section 'Tips for success' appears more than once"),
        ["sections out of order"] = (t => Swap(t, "## Hard skills\n", "## Soft skills\n"), "section 'Hard skills' is out of order; the sections must appear in this order: Overview, Career levels, Hard skills"),
        ["unknown section heading"] = (t => Edit(t, "## Pitfalls\n", "## Common pitfalls\n"), "unknown section heading '## Common pitfalls'"),
        ["no blank line before a subheading"] = (t => Edit(t, "## Career levels\n\n", "## Career levels\n"), "section 'Career levels': a blank line must come before the subheading '### Junior Backend Developer (0–2 years)'"),
        ["no blank line before a section heading"] = (t => Edit(t, "\n\n## Hard skills", "\n## Hard skills"), "a blank line must come before '## Hard skills'"),
        ["level-3 heading outside levels and interviews"] = (t => Edit(t, "## Tips for success\n\n", "## Tips for success\n\n### Portfolio\n\n"), "section 'Tips for success': unexpected subheading '### Portfolio'"),
        ["level-4 heading"] = (t => Edit(t, JuniorHeading, "#" + JuniorHeading), "section 'Career levels': only '## ' and '### ' headings are allowed"),

        // Line-level building blocks and markup
        ["no blank line before a label"] = (t => Edit(t, "\n\n" + FirstMilestone, "\n" + FirstMilestone), "section 'Career levels': a blank line must come before the label line 'Milestones:'"),
        ["blank line between a label and its bullets"] = (t => Edit(t, FirstMilestone, "Milestones:\n\n- Merge a first production change"), "'Milestones:' must be followed directly by its bullets, with no blank line"),
        ["expectations not followed by a blank line"] = (t => Edit(t, "mentorship.\n\nMilestones:", "mentorship.\nIt goes on.\n\nMilestones:"), "'Expectations: <text>' must be a single line followed by a blank line"),
        ["paragraph hard-wrapped"] = (t => Edit(t, " Day to day that means", "\nDay to day that means"), "section 'Overview': the paragraph 'Day to day that means"),
        ["nested bullet"] = (t => Edit(t, Pitfall, "  " + Pitfall), "section 'Pitfalls': lines must not be indented"),
        ["numbered list"] = (t => Edit(t, Pitfall, "1. Staying silent when blocked."), "section 'Pitfalls': numbered lists are not used"),
        ["bullet not written '- '"] = (t => Edit(t, Pitfall, "* Staying silent when blocked."), "section 'Pitfalls': bullets start with '- ' (hyphen, space)"),
        ["trailing whitespace"] = (t => Edit(t, Pitfall, Pitfall + " "), "section 'Pitfalls': the line ends with whitespace"),
        ["HTML"] = (t => Edit(t, Pitfall, "- Staying <b>silent</b> when blocked."), "section 'Pitfalls': HTML is not allowed"),
        ["link"] = (t => Edit(t, Pitfall, "- Staying silent, see [the guide](/guide)."), "section 'Pitfalls': links and images are not allowed"),
        ["bare URL"] = (t => Edit(t, Pitfall, "- Staying silent, see https://example.com/guide."), "section 'Pitfalls': URLs are not allowed"),
        ["code markup"] = (t => Edit(t, Pitfall, "- Staying silent about `git` errors."), "section 'Pitfalls': code markup is not allowed"),
        ["emphasis"] = (t => Edit(t, Pitfall, "- Staying *silent* when blocked."), "section 'Pitfalls': emphasis is not allowed"),
        ["bold outside a skill or certification name"] = (t => Edit(t, Pitfall, "- **Staying silent** when blocked."), "section 'Pitfalls': emphasis is not allowed"),
        ["table"] = (t => Edit(t, Pitfall, Pitfall + "\n\n| a | b |"), "section 'Pitfalls': tables are not allowed"),
        ["code block"] = (t => Edit(t, Pitfall, Pitfall + "\n\n```\ncode\n```"), "section 'Pitfalls': code blocks are not allowed"),

        // Overview
        ["overview has three paragraphs"] = (t => Edit(t, "## Career levels", "A third paragraph.\n\n## Career levels"), "section 'Overview': the overview must be one or two paragraph lines, found 3"),

        // Career levels
        ["level heading malformed"] = (t => Edit(t, JuniorHeading, "### Junior Backend Developer (0-2 years)"), "level heading '### Junior Backend Developer (0-2 years)' does not match '### <Level name> (<min>–<max> years)'"),
        ["first level does not start at 0"] = (t => Edit(t, JuniorHeading, "### Junior Backend Developer (1–2 years)"), "section 'Career levels': the first level 'Junior Backend Developer (1–2 years)' must start at 0 years"),
        ["levels not contiguous"] = (t => Edit(t, "### Backend Developer (2–5 years)", "### Backend Developer (2–4 years)"), "section 'Career levels': level 'Senior Backend Developer (5–8 years)' does not start where the previous level ends (4)"),
        ["last level not open-ended"] = (t => Edit(t, "### Staff/Principal Engineer (8+ years)", "### Staff/Principal Engineer (8–12 years)"), "the last level 'Staff/Principal Engineer (8–12 years)' must be open-ended, written '(8+ years)'"),
        ["open-ended level not last"] = (t => Edit(t, "### Senior Backend Developer (5–8 years)", "### Senior Backend Developer (5+ years)"), "only the last level may be open-ended ('<min>+ years'), but 'Senior Backend Developer (5+ years)' is not the last level"),
        ["level ends before it starts"] = (t => Edit(t, "### Backend Developer (2–5 years)", "### Backend Developer (2–2 years)"), "level 'Backend Developer (2–2 years)' must end after it starts"),
        ["level without expectations"] = (t => RemoveLine(t, "Expectations: Ships well-scoped tickets"), "level 'Junior Backend Developer (0–2 years)' needs an 'Expectations: <text>' line first"),
        ["level without milestones"] = (t => Edit(t, FirstMilestone, "- Merge a first production change"), "level 'Junior Backend Developer (0–2 years)' needs a 'Milestones:' line here"),
        ["level with one milestone"] = (t => RemoveLine(RemoveLine(t, "- Own a small feature end to end"), "- Take part in an on-call rotation"), "'Milestones:' in level 'Junior Backend Developer (0–2 years)' has 1 bullet; 2–4 are required"),

        // Skills
        ["skill bullet malformed"] = (t => Edit(t, "- **Testing** —", "- **Testing**:"), "section 'Hard skills': skill bullet '- **Testing**: Writes fast"),
        ["skill listed twice"] = (t => Edit(t, "- **Design patterns** —", "- **testing** —"), "section 'Hard skills': skill 'testing' is listed more than once"),
        ["skill name with parentheses"] = (t => Edit(t, "- **APIs** —", "- **APIs (REST)** —"), "skill name 'APIs (REST)' must be a plain name without parentheses"),
        ["too few soft skills"] = (t => RemoveLine(RemoveLine(t, "- **Time management**"), "- **Stakeholder management**"), "section 'Soft skills': the section has 3 skills; 4–7 are required"),

        // Salary and market signals
        ["salary bullet malformed"] = (t => Edit(t, "USD 85,000–115,000", "USD 85k–115k"), "section 'Salary and market signals': salary bullet 'Junior Backend Developer (0–2 years)' does not match"),
        ["salary low above high"] = (t => Edit(t, "USD 110,000–145,000", "USD 150,000–145,000"), "salary bullet 'Backend Developer (2–5 years)': the low end 150,000 is above the high end 145,000"),
        ["salary missing for a level"] = (t => RemoveLine(t, "- Staff/Principal Engineer (8+ years): USD"), "career level 'Staff/Principal Engineer (8+ years)' has no salary bullet"),
        ["salary level differs from the career level"] = (t => Edit(t, "- Senior Backend Developer (5–8 years): USD", "- Senior Developer (5–8 years): USD"), "salary bullet 'Senior Developer (5–8 years)' does not match career level 3, 'Senior Backend Developer (5–8 years)'"),
        ["salary years differ from the career level"] = (t => Edit(t, "- Senior Backend Developer (5–8 years): USD", "- Senior Backend Developer (5–9 years): USD"), "salary bullet 'Senior Backend Developer (5–9 years)' does not match career level 3"),
        ["salary region differs from the page"] = (t => Edit(t, JuniorSalary, JuniorSalary.Replace("(USA,", "(United States,", StringComparison.Ordinal)), "names region 'United States' but the page's region is 'USA'"),
        ["salary as-of month invalid"] = (t => Edit(t, JuniorSalary, JuniorSalary.Replace("2026-06", "2026-13", StringComparison.Ordinal)), "'2026-13' is not a valid as-of month"),
        ["demand rating invalid"] = (t => Edit(t, "- Demand: high —", "- Demand: very high —"), "'Demand:' must be followed by 'high', 'medium' or 'low'"),
        ["demand not right after the salaries"] = (t => Edit(t, "- Demand: high", "- Bonus: often paid yearly.\n- Demand: high"), "the 'Demand:' bullet must directly follow the salary bullets"),
        ["remote feasibility missing"] = (t => RemoveLine(t, "- Remote feasibility: "), "the Remote feasibility bullet is missing"),
        ["note missing"] = (t => RemoveLine(t, "- Note: "), "the Note bullet is missing: add a final '- Note: <text>'"),
        ["note not last"] = (t => Edit(t, "location and skills.\n", "location and skills.\n- Bonus: often paid yearly.\n"), "the 'Note:' bullet must be the last bullet"),
        ["note repeated"] = (t => Edit(t, "- Location: ", "- Note: Figures are signals.\n- Location: "), "'Note:' appears more than once"),
        ["extra label not capitalized"] = (t => Edit(t, "- Location: ", "- location: "), "label 'location' must start with a capital letter"),
        ["market bullet without a label"] = (t => Edit(t, "- Location: ", "- In cities, "), "is not a '<Label>: <text>' bullet"),

        // Education and certifications
        ["certification malformed"] = (t => Edit(t, "- **AWS Certified Developer – Associate** (Amazon Web Services) —", "- AWS Certified Developer – Associate (Amazon Web Services) —"), "certification bullet '- AWS Certified Developer – Associate (Amazon"),
        ["certification without issuer"] = (t => Edit(t, "** (Google Cloud) —", "** —"), "does not match '- **<Exact certification name>** (<Issuer>) — <when it helps>'"),
        ["too few certifications"] = (t => RemoveLine(RemoveLine(t, "- **Google Cloud Professional"), "- **Microsoft Certified"), "'Certifications:' in this section has 1 bullet; 2–5 are required"),
        ["education paragraph missing"] = (t => RemoveLine(t, "Most postings ask for a Bachelor"), "section 'Education and certifications': the education paths must be one or two paragraph lines, found 0"),

        // Resume and ATS
        ["ATS keywords missing"] = (t => RemoveLine(t, "- ATS keywords: "), "section 'Resume and ATS': the '- ATS keywords: <advice>' bullet is missing"),
        ["weak bullet without a strong bullet"] = (t => RemoveLine(t, "- Strong bullet: "), "'Weak bullet:' must be followed immediately by a 'Strong bullet:' bullet"),
        ["example not quoted"] = (t => Edit(t, "- Weak bullet: \"Worked on backend services and fixed bugs.\"", "- Weak bullet: Worked on backend services and fixed bugs."), "the weak bullet example must be enclosed in straight double quotes"),

        // Pitfalls and tips
        ["too few pitfalls"] = (t => RemoveLine(RemoveLine(RemoveLine(t, Pitfall), "- Over-engineering early"), "- Preparing only for coding"), "section 'Pitfalls': the section has 3 bullets; 4–8 are required"),
        ["paragraph in a bullet-only section"] = (t => Edit(t, "## Tips for success\n\n", "## Tips for success\n\nSome advice.\n\n"), "section 'Tips for success': unexpected paragraph 'Some advice.'"),

        // Interview themes
        ["interview level differs from the career level"] = (t => Edit(t, "### Senior Backend Developer\n", "### Senior Developer\n"), "section 'Interview themes': interview level 'Senior Developer' does not match career level 3, 'Senior Backend Developer'"),
        ["interview level with years"] = (t => Edit(t, "### Junior Backend Developer\n", "### Junior Backend Developer (0–2 years)\n"), "interview level 'Junior Backend Developer (0–2 years)' does not match career level 1"),
        ["interview level missing"] = (t => Edit(t, t[t.IndexOf("### Staff/Principal Engineer\n", StringComparison.Ordinal)..t.IndexOf("## Tips for success", StringComparison.Ordinal)], ""), "career level 'Staff/Principal Engineer' has no interview subheading '### Staff/Principal Engineer'"),
        ["too few practice questions"] = (t => RemoveLine(RemoveLine(t, "- Describe a time you changed the technical direction"), "- How do you measure whether a platform"), "'Practice questions:' in interview level 'Staff/Principal Engineer' has 1 bullet; 3–5 are required"),
        ["too few interview themes"] = (t => RemoveLine(RemoveLine(t, "- Influencing without authority"), "- Balancing technical debt, cost"), "the theme list of interview level 'Staff/Principal Engineer' has 1 bullet; 2–4 are required"),

        // Action plan
        ["action plan label missing"] = (t => RemoveLine(t, "Long term:"), "section 'Action plan': the action plan needs a 'Long term:' line here"),
    };

    public static TheoryData<string> RuleNames() => [.. Rules.Keys];

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void A_page_breaking_a_rule_is_rejected_with_a_message_naming_the_file_and_the_problem(string rule)
    {
        var (breakPage, problem) = Rules[rule];

        var error = Reject(breakPage(Text(BackendUsa)));

        Assert.Contains(error.Problems, p => p.StartsWith(BackendUsa, StringComparison.Ordinal) && p.Contains(problem, StringComparison.Ordinal));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_page_under_a_file_name_that_differs_from_its_ids_is_rejected()
    {
        var error = Reject(Text(BackendUsa), "backend-developer.germany.md");

        Assert.Equal(
            "backend-developer.germany.md: the file name must be 'backend-developer.usa.md' to match the front matter's role_id and region_id",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void A_problem_on_a_line_names_the_file_the_line_and_the_section()
    {
        var error = Reject(Edit(Text(BackendUsa), "### Backend Developer (2–5 years)", "### Backend Developer (2–4 years)"));

        Assert.Contains(
            "backend-developer.usa.md:38: section 'Career levels': level 'Senior Backend Developer (5–8 years)' does not start where the previous level ends (4)",
            error.Problems);
    }

    private static string RemoveLine(string text, string prefix)
    {
        var lines = text.Split('\n');
        var matches = lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one line starting with '{prefix}', found {matches.Count}");
        return string.Join('\n', lines.Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));
    }

    private static string Swap(string text, string first, string second) =>
        Edit(Edit(Edit(text, first, "\u0000"), second, first), "\u0000", second);
}
