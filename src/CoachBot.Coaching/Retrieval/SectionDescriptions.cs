using System.Collections.Frozen;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Plain-language descriptions of the standard role-page sections (docs/role-content-format.md), indexed with each
/// section's title. Headings such as "Pitfalls" say little to someone asking about "common mistakes", and the body
/// of a section rarely names its own topic; a description written once per section type fills that gap for both
/// the embedding and the lexical index (document expansion). Sections with other ids get no description.
/// </summary>
internal static class SectionDescriptions
{
    private static readonly FrozenDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["overview"] = "what the job is and involves day to day, where it sits, how in demand it is, remote work",
        ["career-levels"] = "seniority levels by years of experience, what each level is expected to do, milestones to reach the next level",
        ["hard-skills"] = "technical skills, tools and technologies to learn and master",
        ["soft-skills"] = "people skills such as communication, collaboration and working with others",
        ["salary"] = "salary ranges and pay by level, compensation, demand and remote work",
        ["education"] = "degrees, education paths and certifications worth getting",
        ["resume"] = "writing a resume or CV that passes applicant tracking systems, keywords, example bullets",
        ["pitfalls"] = "common mistakes to avoid",
        ["interview"] = "what interviews cover at each level and practice questions",
        ["tips"] = "tips, advice and habits for success",
        ["action-plan"] = "step by step plan: what to do in the short term (next 90 days) and long term",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The description of a standard section, or an empty string.</summary>
    public static string For(string sectionId) => Descriptions.GetValueOrDefault(sectionId, "");
}
