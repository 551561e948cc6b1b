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

    /// <summary>
    /// Brings what was learned from a message into the profile as it is now. <paramref name="learned"/> was worked out
    /// from <paramref name="asked"/> while a model read the message; a field the person edited in the meantime keeps
    /// their edit (the later and explicit word wins), every other learned field is taken, with its evidence.
    /// </summary>
    public static CareerProfile Merge(CareerProfile asked, CareerProfile learned, CareerProfile current)
    {
        if (ReferenceEquals(asked, current))
        {
            return learned;
        }

        var learnedFields = Between(asked, learned).ToHashSet(StringComparer.Ordinal);
        var editedFields = Between(asked, current).ToHashSet(StringComparer.Ordinal);
        bool Take(string field) => learnedFields.Contains(field) && !editedFields.Contains(field);

        var taken = learnedFields.Where(f => !editedFields.Contains(f)).ToHashSet(StringComparer.Ordinal);
        return current with
        {
            TargetRole = Take("targetRole") ? learned.TargetRole : current.TargetRole,
            Region = Take("region") ? learned.Region : current.Region,
            CurrentTitle = Take("currentTitle") ? learned.CurrentTitle : current.CurrentTitle,
            Level = Take("level") ? learned.Level : current.Level,
            YearsOfExperience = Take("yearsOfExperience") ? learned.YearsOfExperience : current.YearsOfExperience,
            Skills = Take("skills") ? learned.Skills : current.Skills,
            Goals = Take("goals") ? learned.Goals : current.Goals,
            Certifications = Take("certifications") ? learned.Certifications : current.Certifications,
            Evidence = OrEmpty(current.Evidence).AddRange(OrEmpty(learned.Evidence).Except(OrEmpty(asked.Evidence)).Where(e => taken.Contains(e.Field))),
            UpdatedAt = taken.Count > 0 ? learned.UpdatedAt : current.UpdatedAt,
        };
    }

    private static ImmutableArray<ProfileEvidence> OrEmpty(ImmutableArray<ProfileEvidence> evidence) => evidence.IsDefault ? [] : evidence;
}
