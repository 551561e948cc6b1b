using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CoachBot.Coaching.RoleContent;

/// <summary>The ids of the eleven sections every role page has, in page order (docs/role-content-format.md, section 3).</summary>
public static class RoleSectionIds
{
    public const string Overview = "overview";
    public const string CareerLevels = "career-levels";
    public const string HardSkills = "hard-skills";
    public const string SoftSkills = "soft-skills";
    public const string Salary = "salary";
    public const string Education = "education";
    public const string Resume = "resume";
    public const string Pitfalls = "pitfalls";
    public const string Interview = "interview";
    public const string Tips = "tips";
    public const string ActionPlan = "action-plan";

    /// <summary>Every section as (heading text, section id), in the order a page must list them.</summary>
    public static ImmutableArray<(string Heading, string SectionId)> InPageOrder { get; } =
    [
        ("Overview", Overview),
        ("Career levels", CareerLevels),
        ("Hard skills", HardSkills),
        ("Soft skills", SoftSkills),
        ("Salary and market signals", Salary),
        ("Education and certifications", Education),
        ("Resume and ATS", Resume),
        ("Pitfalls", Pitfalls),
        ("Interview themes", Interview),
        ("Tips for success", Tips),
        ("Action plan", ActionPlan),
    ];

    /// <summary>The section id for an exact heading text, e.g. "Career levels" gives "career-levels".</summary>
    public static FrozenDictionary<string, string> ByHeading { get; } =
        InPageOrder.ToFrozenDictionary(s => s.Heading, s => s.SectionId, StringComparer.Ordinal);
}
