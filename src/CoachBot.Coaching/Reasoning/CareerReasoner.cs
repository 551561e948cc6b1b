using System.Collections.Immutable;
using System.Globalization;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Reasoning;

/// <summary>
/// Career reasoning done in code, not by the model: where the person stands on the role's ladder and why, what the next
/// level expects, which of the role's skills they lack or rate low, and which certifications they do not hold yet.
/// The result goes into the prompt as data and into the reply's metadata.
/// </summary>
public static class CareerReasoner
{
    /// <summary>A skill rated at or below this (of 5) counts as a gap.</summary>
    public const int LowProficiency = 2;

    public static CareerAssessment Assess(CareerProfile profile, RolePage page)
    {
        var (current, reason) = CurrentLevel(profile, page);
        var next = current is null ? null : NextLevel(page, current);
        return new CareerAssessment
        {
            RoleId = page.RoleId,
            RegionId = page.RegionId,
            RoleName = page.Role,
            CurrentLevel = current is null ? null : $"{current.Name} ({current.YearsText})",
            CurrentLevelReason = reason,
            NextLevel = next is null ? null : $"{next.Name} ({next.YearsText})",
            NextLevelExpectations = next?.Expectations,
            SkillGaps = SkillGaps(profile, page),
            RecommendedCertifications = RecommendedCertifications(profile, page),
        };
    }

    /// <summary>
    /// The level a profile sits at: a level the person states wins over years of experience (a senior with 9 years is a
    /// senior whose next step is Staff, not a Staff engineer with nowhere to go), and years place them otherwise.
    /// </summary>
    public static (CareerLevel? Level, string Reason) CurrentLevel(CareerProfile profile, RolePage page)
    {
        var yearsText = profile.YearsOfExperience is { } y
            ? string.Create(CultureInfo.InvariantCulture, $"{y:0.#} year{(y == 1 ? "" : "s")} of experience")
            : null;
        if (!string.IsNullOrWhiteSpace(profile.Level) && LevelByName(page, profile.Level) is { } named)
        {
            var with = yearsText is null ? "" : $" with {yearsText}";
            return (named, $"you describe yourself as {profile.Level.Trim().ToLowerInvariant()}{with} → the {named.Name} ({named.YearsText}) stage");
        }

        if (profile.YearsOfExperience is { } years)
        {
            var level = page.LevelFor(years);
            return (level, $"{yearsText} → the {level.Name} ({level.YearsText}) stage");
        }

        return (null, "years of experience are not known yet");
    }

    private static CareerLevel? NextLevel(RolePage page, CareerLevel current)
    {
        var index = page.CareerLevels.IndexOf(current);
        return index >= 0 && index + 1 < page.CareerLevels.Length ? page.CareerLevels[index + 1] : null;
    }

    /// <summary>
    /// The page's level that a level word names: "junior", "mid-level", "senior"/"lead", "staff"/"principal" (the top
    /// level), or a level's own name. Null when the words name none.
    /// </summary>
    public static CareerLevel? LevelByName(RolePage page, string stated)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(stated);
        var text = stated.Trim().ToLowerInvariant() switch
        {
            "sr" or "sr." => "senior",
            "jr" or "jr." or "new grad" or "fresh out of" => "junior",
            "apm" => "associate",
            var other => other,
        };
        var levels = page.CareerLevels;
        if (text.Length >= 4 && levels.FirstOrDefault(l => l.Name.Contains(text, StringComparison.OrdinalIgnoreCase)) is { } byName)
        {
            // The page's own words first: "QA lead" is the QA page's top level, not a generic senior.
            return byName;
        }

        string[] juniorWords = ["junior", "entry", "graduate", "intern", "associate"];
        string[] midWords = ["mid", "intermediate"];
        string[] seniorWords = ["senior", "lead"];
        string[] topWords = ["staff", "principal", "distinguished", "architect", "director", "head"];
        if (topWords.Any(text.Contains))
        {
            return levels[^1];
        }

        if (seniorWords.Any(text.Contains))
        {
            return levels.Length >= 3 ? levels[^2] : levels[^1];
        }

        if (midWords.Any(text.Contains))
        {
            return levels.Length >= 2 ? levels[1] : levels[0];
        }

        return juniorWords.Any(text.Contains) ? levels[0] : levels.FirstOrDefault(l => l.Name.Contains(stated.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reason of a role skill when the profile lists no skills at all: not missing, just not known yet.</summary>
    public const string UnknownSkill = "unknown";

    private static ImmutableArray<SkillGap> SkillGaps(CareerProfile profile, RolePage page)
    {
        var gaps = ImmutableArray.CreateBuilder<SkillGap>();
        var noSkillsKnown = profile.Skills.IsDefaultOrEmpty;
        foreach (var (skill, kind) in page.HardSkills.Select(s => (s, "hard")).Concat(page.SoftSkills.Select(s => (s, "soft"))))
        {
            var held = noSkillsKnown ? null : profile.Skills.FirstOrDefault(s => SkillMatcher.SameSkill(s.Name, skill.Name));
            if (held is null)
            {
                gaps.Add(new SkillGap(skill.Name, kind, noSkillsKnown ? UnknownSkill : "missing"));
            }
            else if (held.Proficiency is { } rating && rating <= LowProficiency)
            {
                gaps.Add(new SkillGap(skill.Name, kind, string.Create(CultureInfo.InvariantCulture, $"rated {rating} of 5")));
            }
        }

        return gaps.ToImmutable();
    }

    private static ImmutableArray<string> RecommendedCertifications(CareerProfile profile, RolePage page) =>
        [.. page.Certifications
            .Where(c => !profile.Certifications.Any(held => SkillMatcher.SameCertification(held, c.Name)))
            .Select(c => c.Name)];
}
