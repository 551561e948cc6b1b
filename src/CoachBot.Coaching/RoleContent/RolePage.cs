using System.Collections.Immutable;
using CoachBot.Conversations;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// The coaching notes for one role in one region, parsed and validated from a page in content/roles
/// (format: docs/role-content-format.md). Only <see cref="RolePageParser"/> creates pages, so every page is valid.
/// </summary>
public sealed class RolePage
{
    internal RolePage()
    {
    }

    /// <summary>The role slug, e.g. "backend-developer".</summary>
    public string RoleId { get; internal init; } = "";

    /// <summary>The role's display name, e.g. "Backend Developer".</summary>
    public string Role { get; internal init; } = "";

    /// <summary>The region slug, e.g. "usa".</summary>
    public string RegionId { get; internal init; } = "";

    /// <summary>The region's display name, e.g. "USA".</summary>
    public string Region { get; internal init; } = "";

    /// <summary>The content version, "YYYY.MM.N", e.g. "2026.11.1".</summary>
    public string Version { get; internal init; } = "";

    /// <summary>When the page was last reviewed.</summary>
    public DateOnly LastReviewed { get; internal init; }

    /// <summary>Other names people use for the role, lowercase.</summary>
    public ImmutableArray<string> Aliases { get; internal init; } = [];

    /// <summary>The file the page was read from, as given to the parser.</summary>
    public string SourceFile { get; internal init; } = "";

    /// <summary>All eleven sections as plain text, in page order.</summary>
    public ImmutableArray<RoleSection> Sections { get; internal init; } = [];

    /// <summary>The overview: what the role does, where it sits, demand and remote feasibility. Paragraphs are separated by a blank line.</summary>
    public string Overview { get; internal init; } = "";

    /// <summary>The career levels, most junior first; years are contiguous from 0 and the last level is open-ended.</summary>
    public ImmutableArray<CareerLevel> CareerLevels { get; internal init; } = [];

    /// <summary>The hard skills.</summary>
    public ImmutableArray<RoleSkill> HardSkills { get; internal init; } = [];

    /// <summary>The soft skills.</summary>
    public ImmutableArray<RoleSkill> SoftSkills { get; internal init; } = [];

    /// <summary>One base salary signal per career level, in career-level order.</summary>
    public ImmutableArray<SalarySignal> Salary { get; internal init; } = [];

    /// <summary>How much demand there is for the role in the region.</summary>
    public RatedSignal Demand { get; internal init; } = new(SignalRating.Medium, "");

    /// <summary>How feasible remote work is in the region.</summary>
    public RatedSignal RemoteFeasibility { get; internal init; } = new(SignalRating.Medium, "");

    /// <summary>Further labelled market signals, such as total compensation or city differences.</summary>
    public ImmutableArray<LabeledSignal> OtherMarketSignals { get; internal init; } = [];

    /// <summary>The closing note that the figures are signals, not offers or guarantees.</summary>
    public string MarketNote { get; internal init; } = "";

    /// <summary>The paragraphs about education paths.</summary>
    public ImmutableArray<string> Education { get; internal init; } = [];

    /// <summary>Certifications worth considering.</summary>
    public ImmutableArray<RoleCertification> Certifications { get; internal init; } = [];

    /// <summary>Resume and ATS advice.</summary>
    public ResumeAdvice Resume { get; internal init; } = new([], "", "", "");

    /// <summary>Common mistakes to avoid.</summary>
    public ImmutableArray<string> Pitfalls { get; internal init; } = [];

    /// <summary>Interview themes and practice questions per career level, in career-level order.</summary>
    public ImmutableArray<InterviewLevel> Interview { get; internal init; } = [];

    /// <summary>Tips for success.</summary>
    public ImmutableArray<string> Tips { get; internal init; } = [];

    /// <summary>Short-term and long-term next steps.</summary>
    public ActionPlan ActionPlan { get; internal init; } = new([], []);

    /// <summary>The section with that id (see <see cref="RoleSectionIds"/>); every page has all of them.</summary>
    public RoleSection Section(string sectionId) =>
        Sections.FirstOrDefault(s => string.Equals(s.SectionId, sectionId, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"Role pages have no section '{sectionId}'.");

    /// <summary>A citation of the section with that id.</summary>
    public Citation Cite(string sectionId) => Section(sectionId).ToCitation();

    /// <summary>The career level covering <paramref name="years"/> of experience; negative years give the first level.</summary>
    public CareerLevel LevelFor(decimal years) =>
        CareerLevels.FirstOrDefault(level => level.Covers(years)) ?? CareerLevels[0];

    /// <inheritdoc/>
    public override string ToString() => $"{RoleId}.{RegionId} {Version}";
}
