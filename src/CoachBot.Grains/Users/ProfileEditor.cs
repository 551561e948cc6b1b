using System.Collections.Immutable;
using System.Globalization;
using CoachBot.Conversations;
using CoachBot.Profiles;

namespace CoachBot.Grains.Users;

/// <summary>Applies a user's corrections to their profile, refusing values that are out of range.</summary>
internal static class ProfileEditor
{
    private const string UserEdit = "user-edit";

    public static CareerProfile Apply(CareerProfile profile, ProfileUpdate update, DateTimeOffset now)
    {
        var evidence = profile.Evidence.ToBuilder();
        var result = profile with
        {
            TargetRole = Text(update.TargetRole, profile.TargetRole, "targetRole"),
            Region = Text(update.Region, profile.Region, "region"),
            CurrentTitle = Text(update.CurrentTitle, profile.CurrentTitle, "currentTitle"),
            Level = Text(update.Level, profile.Level, "level"),
            YearsOfExperience = Years(update.YearsOfExperience, profile.YearsOfExperience),
            Skills = update.Skills is { } skills ? Skills(skills, profile.Skills, now) : profile.Skills,
            Goals = update.Goals is { } goals ? List(goals, ProfileLimits.MaxGoals, ProfileLimits.MaxGoalLength, "goals") : profile.Goals,
            Certifications = update.Certifications is { } certifications ? List(certifications, ProfileLimits.MaxCertifications, ProfileLimits.MaxTextLength, "certifications") : profile.Certifications,
            UpdatedAt = now,
        };

        Record("targetRole", update.TargetRole);
        Record("region", update.Region);
        Record("currentTitle", update.CurrentTitle);
        Record("level", update.Level);
        Record("yearsOfExperience", update.YearsOfExperience?.ToString(CultureInfo.InvariantCulture));
        Record("goals", update.Goals is { } g ? string.Join("; ", g) : null);
        Record("certifications", update.Certifications is { } c ? string.Join("; ", c) : null);
        return result with { Evidence = evidence.ToImmutable() };

        void Record(string field, string? value)
        {
            if (value is null)
            {
                return;
            }

            evidence.RemoveAll(e => e.Field == field);
            evidence.Add(new ProfileEvidence(field, value, UserEdit, null, now));
        }
    }

    private static string? Text(string? value, string? current, string field)
    {
        if (value is null)
        {
            return current;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > ProfileLimits.MaxTextLength)
        {
            throw Invalid($"{field} is longer than {ProfileLimits.MaxTextLength} characters.");
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    private static decimal? Years(decimal? value, decimal? current) => value switch
    {
        null => current,
        < 0 => null,
        > ProfileLimits.MaxYears => throw Invalid($"yearsOfExperience must be between 0 and {ProfileLimits.MaxYears}."),
        _ => decimal.Round(value.Value, 1),
    };

    private static ImmutableArray<SkillEntry> Skills(ImmutableArray<SkillInput> skills, ImmutableArray<SkillEntry> current, DateTimeOffset now)
    {
        if (skills.Length > ProfileLimits.MaxSkills)
        {
            throw Invalid($"At most {ProfileLimits.MaxSkills} skills.");
        }

        var result = ImmutableArray.CreateBuilder<SkillEntry>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var skill in skills)
        {
            if (skill is null)
            {
                throw Invalid("skills may not contain null; each skill is an object with a name.");
            }

            var name = skill.Name?.Trim() ?? "";
            if (name.Length == 0 || name.Length > ProfileLimits.MaxSkillNameLength)
            {
                throw Invalid($"Each skill needs a name of 1 to {ProfileLimits.MaxSkillNameLength} characters.");
            }

            if (skill.Proficiency is < 1 or > 5)
            {
                throw Invalid($"The proficiency of '{name}' must be between 1 and 5.");
            }

            if (!seen.Add(name))
            {
                continue;
            }

            var earlier = current.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            var evidence = (earlier?.Evidence.IsDefault ?? true ? [] : earlier.Evidence)
                .Add(new ProfileEvidence("skills", name, UserEdit, null, now));
            result.Add(new SkillEntry(name, skill.Proficiency, evidence));
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<string> List(ImmutableArray<string> items, int maxCount, int maxLength, string field)
    {
        if (items.Length > maxCount)
        {
            throw Invalid($"At most {maxCount} {field}.");
        }

        // A null inside the list is a client bug, not an empty entry: refused before anything is stored.
        if (items.Any(i => i is null))
        {
            throw Invalid($"{field} may not contain null.");
        }

        var cleaned = items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableArray();
        if (cleaned.Any(i => i.Length > maxLength))
        {
            throw Invalid($"Each of {field} must be at most {maxLength} characters.");
        }

        return cleaned;
    }

    private static CoachBotException Invalid(string message) => new(ErrorCodes.ProfileInvalid, message);
}
