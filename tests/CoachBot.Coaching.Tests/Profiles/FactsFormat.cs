using System.Globalization;
using CoachBot.Coaching.Profiles;

namespace CoachBot.Coaching.Tests.Profiles;

/// <summary>
/// Writes extracted facts as one line ("years=3; title=Backend Engineer; region=Germany~"), so a table row states
/// exactly what a message must yield and nothing more. "~" marks an inferred value, ":n" a skill's proficiency.
/// </summary>
internal static class FactsFormat
{
    public static string Describe(ProfileFacts facts)
    {
        var parts = new List<string>();
        if (facts.YearsOfExperience is { } years)
        {
            parts.Add("years=" + years.Value.ToString("0.#", CultureInfo.InvariantCulture));
        }

        Add("title", facts.CurrentTitle);
        Add("level", facts.Level);
        Add("target", facts.TargetRole);
        Add("region", facts.Region);
        if (facts.Skills.Length > 0)
        {
            parts.Add("skills=" + string.Join(',', facts.Skills.Select(s => s.Proficiency is { } p ? $"{s.Name}:{p}" : s.Name)));
        }

        if (facts.Goals.Length > 0)
        {
            parts.Add("goals=" + string.Join(" | ", facts.Goals.Select(g => g.Value)));
        }

        if (facts.Certifications.Length > 0)
        {
            parts.Add("certs=" + string.Join(" | ", facts.Certifications.Select(c => c.Value)));
        }

        return string.Join("; ", parts);

        void Add(string name, ProfileFact<string>? fact)
        {
            if (fact is not null)
            {
                parts.Add($"{name}={fact.Value}{(fact.Inferred ? "~" : "")}");
            }
        }
    }

    /// <summary>Every span of every fact.</summary>
    public static IEnumerable<string> Spans(ProfileFacts facts) =>
        new[] { facts.YearsOfExperience?.Span, facts.CurrentTitle?.Span, facts.Level?.Span, facts.TargetRole?.Span, facts.Region?.Span }
            .OfType<string>()
            .Concat(facts.Skills.Select(s => s.Span))
            .Concat(facts.Goals.Select(g => g.Span))
            .Concat(facts.Certifications.Select(c => c.Span));
}
