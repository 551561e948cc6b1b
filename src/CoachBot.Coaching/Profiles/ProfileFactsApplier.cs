using System.Collections.Immutable;
using System.Globalization;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Merges the facts learned in a turn into a career profile. Every changed field gets a "conversation" evidence entry
/// with the turn id, replacing the field's older evidence; a skill's evidence is appended to that skill. Skills are never
/// duplicated (names compare case-insensitively, aliases such as "k8s" count as their canonical skill), and an inferred
/// fact never replaces a value the user entered themselves.
/// </summary>
public static class ProfileFactsApplier
{
    /// <summary>
    /// The profile with the facts merged in, or <paramref name="profile"/> itself when nothing changed.
    /// </summary>
    public static CareerProfile Apply(CareerProfile profile, ProfileFacts facts, TurnId turnId, DateTimeOffset now)
    {
        var merge = new Merge(profile, turnId, now);
        var result = profile with
        {
            TargetRole = merge.Text(ProfileFields.TargetRole, profile.TargetRole, facts.TargetRole),
            Region = merge.Text(ProfileFields.Region, profile.Region, facts.Region),
            CurrentTitle = merge.Text(ProfileFields.CurrentTitle, profile.CurrentTitle, facts.CurrentTitle),
            Level = merge.Text(ProfileFields.Level, profile.Level, facts.Level),
            YearsOfExperience = merge.Years(profile.YearsOfExperience, facts.YearsOfExperience),
            Skills = merge.Skills(profile.Skills, facts.Skills),
            Goals = merge.List(ProfileFields.Goals, profile.Goals, facts.Goals, ProfileLimits.MaxGoals, ProfileLimits.MaxGoalLength),
            Certifications = merge.List(ProfileFields.Certifications, profile.Certifications, facts.Certifications, ProfileLimits.MaxCertifications, ProfileLimits.MaxTextLength),
        };

        return merge.Changed ? result with { Evidence = merge.Evidence, UpdatedAt = now } : profile;
    }

    /// <summary>The key under which two skill names count as the same skill.</summary>
    internal static string SkillKey(string name) => SkillLexicon.Canonicalize(name).ToUpperInvariant();

    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static string Clean(string? value) =>
        string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed class Merge(CareerProfile profile, TurnId turnId, DateTimeOffset now)
    {
        private readonly ImmutableArray<ProfileEvidence>.Builder _evidence = OrEmpty(profile.Evidence).ToBuilder();

        public bool Changed { get; private set; }

        public ImmutableArray<ProfileEvidence> Evidence => _evidence.ToImmutable();

        public string? Text(string field, string? current, ProfileFact<string>? fact)
        {
            if (fact is null)
            {
                return current;
            }

            var value = Clean(fact.Value);
            if (value.Length is 0 or > ProfileLimits.MaxTextLength
                || string.Equals(value, current, StringComparison.OrdinalIgnoreCase)
                || (fact.Inferred && LastSource(field) == ProfileFields.UserEditSource))
            {
                return current;
            }

            Replace(field, value);
            return value;
        }

        public decimal? Years(decimal? current, ProfileFact<decimal>? fact)
        {
            if (fact is null || fact.Value is < 0 or > ProfileLimits.MaxYears)
            {
                return current;
            }

            var value = decimal.Round(fact.Value, 1, MidpointRounding.AwayFromZero);
            if (value == current || (fact.Inferred && LastSource(ProfileFields.YearsOfExperience) == ProfileFields.UserEditSource))
            {
                return current;
            }

            Replace(ProfileFields.YearsOfExperience, value.ToString(CultureInfo.InvariantCulture));
            return value;
        }

        public ImmutableArray<SkillEntry> Skills(ImmutableArray<SkillEntry> current, ImmutableArray<SkillFact> facts)
        {
            var skills = OrEmpty(current).ToBuilder();
            var changed = false;
            foreach (var fact in OrEmpty(facts))
            {
                var name = Clean(fact.Name);
                if (name.Length is 0 or > ProfileLimits.MaxSkillNameLength)
                {
                    continue;
                }

                int? proficiency = fact.Proficiency is >= 1 and <= 5 ? fact.Proficiency : null;
                var index = IndexOfSkill(skills, name);
                if (index < 0)
                {
                    if (skills.Count < ProfileLimits.MaxSkills)
                    {
                        skills.Add(new SkillEntry(name, proficiency, [SkillEvidence(name, proficiency)]));
                        changed = true;
                    }

                    continue;
                }

                var existing = skills[index];
                if (proficiency is null || proficiency == existing.Proficiency)
                {
                    continue;
                }

                skills[index] = existing with
                {
                    Proficiency = proficiency,
                    Evidence = OrEmpty(existing.Evidence).Add(SkillEvidence(existing.Name, proficiency)),
                };
                changed = true;
            }

            Changed |= changed;
            return changed ? skills.ToImmutable() : current;
        }

        public ImmutableArray<string> List(string field, ImmutableArray<string> current, ImmutableArray<ProfileFact<string>> facts, int maxCount, int maxLength)
        {
            var items = OrEmpty(current).ToBuilder();
            var added = false;
            foreach (var fact in OrEmpty(facts))
            {
                var value = Clean(fact.Value);
                if (value.Length == 0 || value.Length > maxLength || items.Count >= maxCount
                    || items.Any(i => string.Equals(Clean(i), value, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                items.Add(value);
                _evidence.RemoveAll(e => e.Field == field && string.Equals(e.Value, value, StringComparison.OrdinalIgnoreCase));
                _evidence.Add(Conversation(field, value));
                added = true;
            }

            Changed |= added;
            return added ? items.ToImmutable() : current;
        }

        private static int IndexOfSkill(ImmutableArray<SkillEntry>.Builder skills, string name)
        {
            var key = SkillKey(name);
            for (var i = 0; i < skills.Count; i++)
            {
                if (SkillKey(skills[i].Name) == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private string? LastSource(string field) => _evidence.LastOrDefault(e => e.Field == field)?.Source;

        private void Replace(string field, string value)
        {
            _evidence.RemoveAll(e => e.Field == field);
            _evidence.Add(Conversation(field, value));
            Changed = true;
        }

        private ProfileEvidence SkillEvidence(string name, int? proficiency) =>
            Conversation(ProfileFields.Skills, proficiency is { } p ? string.Create(CultureInfo.InvariantCulture, $"{name} ({p}/5)") : name);

        private ProfileEvidence Conversation(string field, string value) =>
            new(field, value, ProfileFields.ConversationSource, turnId, now);
    }
}
