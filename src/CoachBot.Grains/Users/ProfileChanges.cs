using System.Collections.Immutable;
using CoachBot.Profiles;

namespace CoachBot.Grains.Users;

/// <summary>Which profile fields differ between two versions, by the field names used in evidence.</summary>
internal static class ProfileChanges
{
    public static ImmutableArray<string> Between(CareerProfile before, CareerProfile after)
    {
        var changed = ImmutableArray.CreateBuilder<string>();
        Check("targetRole", before.TargetRole, after.TargetRole);
        Check("region", before.Region, after.Region);
        Check("currentTitle", before.CurrentTitle, after.CurrentTitle);
        Check("level", before.Level, after.Level);
        Check("yearsOfExperience", before.YearsOfExperience, after.YearsOfExperience);
        if (!before.Skills.Select(s => (s.Name, s.Proficiency)).SequenceEqual(after.Skills.Select(s => (s.Name, s.Proficiency))))
        {
            changed.Add("skills");
        }

        if (!before.Goals.SequenceEqual(after.Goals))
        {
            changed.Add("goals");
        }

        if (!before.Certifications.SequenceEqual(after.Certifications))
        {
            changed.Add("certifications");
        }

        return changed.ToImmutable();

        void Check<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                changed.Add(field);
            }
        }
    }
}
