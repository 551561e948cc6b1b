using CoachBot.Coaching.Profiles;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Tests.Profiles;

public sealed class ProfileFactsApplierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Earlier = Now.AddDays(-3);
    private static readonly TurnId Turn = TurnId.New();

    [Fact]
    public void Records_conversation_evidence_with_the_turn_id_for_every_changed_field()
    {
        var facts = new ProfileFacts
        {
            YearsOfExperience = Fact(3m, "coding for three years"),
            CurrentTitle = Fact("Backend Engineer", "backend engineer"),
            Level = Fact("Mid-level", "mid-level"),
            Region = Fact("Germany", "in Berlin", inferred: true),
            TargetRole = Fact("DevOps Engineer", "become a DevOps engineer"),
            Goals = [Fact("Lead a team within two years", "My goal is to lead a team within two years")],
            Certifications = [Fact("Certified Kubernetes Administrator (CKA)", "I have the CKA")],
        };

        var profile = ProfileFactsApplier.Apply(CareerProfile.Empty, facts, Turn, Now);

        Assert.Equal((3m, "Backend Engineer", "Mid-level", "Germany", "DevOps Engineer"),
            (profile.YearsOfExperience, profile.CurrentTitle, profile.Level, profile.Region, profile.TargetRole));
        Assert.Equal(["Lead a team within two years"], profile.Goals);
        Assert.Equal(["Certified Kubernetes Administrator (CKA)"], profile.Certifications);
        Assert.Equal(Now, profile.UpdatedAt);
        Assert.Equal(
            ["certifications=Certified Kubernetes Administrator (CKA)", "currentTitle=Backend Engineer", "goals=Lead a team within two years",
                "level=Mid-level", "region=Germany", "targetRole=DevOps Engineer", "yearsOfExperience=3"],
            profile.Evidence.Select(e => $"{e.Field}={e.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(7, profile.Evidence.Length);
        Assert.All(profile.Evidence, e => Assert.Equal((ProfileFields.ConversationSource, (TurnId?)Turn, Now), (e.Source, e.TurnId, e.At)));
    }

    [Fact]
    public void A_new_value_replaces_the_older_evidence_of_its_field()
    {
        var before = CareerProfile.Empty with
        {
            YearsOfExperience = 2,
            Region = "USA",
            Evidence =
            [
                new ProfileEvidence(ProfileFields.YearsOfExperience, "2", ProfileFields.ConversationSource, TurnId.New(), Earlier),
                new ProfileEvidence(ProfileFields.Region, "USA", ProfileFields.ConversationSource, TurnId.New(), Earlier),
            ],
        };

        var after = ProfileFactsApplier.Apply(before, new ProfileFacts { YearsOfExperience = Fact(2.5m, "two and a half years") }, Turn, Now);

        Assert.Equal(2.5m, after.YearsOfExperience);
        var years = Assert.Single(after.Evidence, e => e.Field == ProfileFields.YearsOfExperience);
        Assert.Equal(("2.5", (TurnId?)Turn), (years.Value, years.TurnId));
        Assert.Single(after.Evidence, e => e.Field == ProfileFields.Region);
    }

    [Fact]
    public void Skills_are_never_duplicated_whatever_their_casing_or_alias()
    {
        var before = CareerProfile.Empty with { Skills = [new SkillEntry("python", 3, []), new SkillEntry("k8s", null, [])] };
        var facts = new ProfileFacts
        {
            Skills = [new SkillFact("Python", null, "I know Python"), new SkillFact("Kubernetes", null, "k8s"), new SkillFact("PYTHON", null, "python")],
        };

        var after = ProfileFactsApplier.Apply(before, facts, Turn, Now);

        Assert.Same(before, after);
        Assert.Equal(["python", "k8s"], after.Skills.Select(s => s.Name));
    }

    [Fact]
    public void A_new_skill_is_added_with_evidence_and_a_stated_proficiency_updates_an_existing_skill()
    {
        var earlier = new ProfileEvidence(ProfileFields.Skills, "SQL", ProfileFields.UserEditSource, null, Earlier);
        var before = CareerProfile.Empty with { Skills = [new SkillEntry("SQL", 3, [earlier])] };
        var facts = new ProfileFacts
        {
            Skills = [new SkillFact("Docker", 3, "comfortable with Docker"), new SkillFact("sql", 4, "good at SQL")],
        };

        var after = ProfileFactsApplier.Apply(before, facts, Turn, Now);

        Assert.Equal(["SQL:4", "Docker:3"], after.Skills.Select(s => $"{s.Name}:{s.Proficiency}"));
        var sql = after.Skills[0];
        Assert.Equal([earlier.Value, "SQL (4/5)"], sql.Evidence.Select(e => e.Value));
        Assert.Equal((TurnId?)Turn, sql.Evidence[^1].TurnId);
        var docker = Assert.Single(after.Skills[1].Evidence);
        Assert.Equal(("Docker (3/5)", ProfileFields.ConversationSource, (TurnId?)Turn), (docker.Value, docker.Source, docker.TurnId));
        Assert.Equal(Now, after.UpdatedAt);
    }

    [Fact]
    public void An_unrated_mention_keeps_the_skills_proficiency()
    {
        var before = CareerProfile.Empty with { Skills = [new SkillEntry("Go", 4, [])] };

        var after = ProfileFactsApplier.Apply(before, new ProfileFacts { Skills = [new SkillFact("Go", null, "I use Go")] }, Turn, Now);

        Assert.Same(before, after);
    }

    [Fact]
    public void A_user_edited_value_is_kept_against_an_inferred_fact_but_replaced_by_a_stated_one()
    {
        var before = CareerProfile.Empty with
        {
            Region = "USA",
            Evidence = [new ProfileEvidence(ProfileFields.Region, "USA", ProfileFields.UserEditSource, null, Earlier)],
        };

        var inferred = ProfileFactsApplier.Apply(before, new ProfileFacts { Region = Fact("Germany", "in Berlin", inferred: true) }, Turn, Now);
        var stated = ProfileFactsApplier.Apply(before, new ProfileFacts { Region = Fact("Germany", "I'm based in Germany") }, Turn, Now);

        Assert.Same(before, inferred);
        Assert.Equal("Germany", stated.Region);
        var evidence = Assert.Single(stated.Evidence);
        Assert.Equal((ProfileFields.ConversationSource, (TurnId?)Turn), (evidence.Source, evidence.TurnId));
    }

    [Fact]
    public void Restating_known_values_changes_nothing()
    {
        var before = CareerProfile.Empty with
        {
            CurrentTitle = "Backend Engineer",
            YearsOfExperience = 5,
            Goals = ["Lead a team"],
            Certifications = ["Certified Kubernetes Administrator (CKA)"],
        };
        var facts = new ProfileFacts
        {
            CurrentTitle = Fact("backend engineer", "I'm a backend engineer"),
            YearsOfExperience = Fact(5m, "5 years"),
            Goals = [Fact("lead a team", "my goal is to lead a team")],
            Certifications = [Fact("Certified Kubernetes Administrator (CKA)", "the CKA")],
        };

        Assert.Same(before, ProfileFactsApplier.Apply(before, facts, Turn, Now));
        Assert.Same(before, ProfileFactsApplier.Apply(before, ProfileFacts.None, Turn, Now));
    }

    [Fact]
    public void Values_outside_the_profile_limits_are_ignored()
    {
        var facts = new ProfileFacts
        {
            YearsOfExperience = Fact(75m, "75 years"),
            TargetRole = Fact(new string('x', 121), "x"),
            Skills = [new SkillFact(new string('y', 61), null, "y"), new SkillFact("Rust", 9, "Rust")],
        };

        var after = ProfileFactsApplier.Apply(CareerProfile.Empty, facts, Turn, Now);

        Assert.Null(after.YearsOfExperience);
        Assert.Null(after.TargetRole);
        Assert.Equal(["Rust:"], after.Skills.Select(s => $"{s.Name}:{s.Proficiency}"));
    }

    [Fact]
    public void Extracted_facts_flow_into_the_profile()
    {
        var facts = OfflineProfileFactExtractorTests.Extractor().Extract(
            "I'm a mid-level backend engineer in Berlin. I'm good at APIs but weak at algorithms.", CareerProfile.Empty);

        var profile = ProfileFactsApplier.Apply(CareerProfile.Empty, facts, Turn, Now);

        Assert.Equal(("Backend Engineer", "Mid-level", "Germany"), (profile.CurrentTitle, profile.Level, profile.Region));
        Assert.Equal(["APIs:4", "Algorithms:2"], profile.Skills.Select(s => $"{s.Name}:{s.Proficiency}"));
        Assert.All(profile.Skills, s => Assert.Equal((TurnId?)Turn, Assert.Single(s.Evidence).TurnId));
    }

    private static ProfileFact<T> Fact<T>(T value, string span, bool inferred = false) => new(value, span, inferred);
}
