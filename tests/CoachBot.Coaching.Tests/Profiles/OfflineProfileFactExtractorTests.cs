using CoachBot.Coaching.Profiles;
using CoachBot.Ids;
using CoachBot.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Coaching.Tests.Profiles;

public sealed class OfflineProfileFactExtractorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Statements() => new()
    {
        // Years of experience
        { "I've been coding for three years.", "years=3" },
        { "5+ yrs", "years=5" },
        { "I have 7 years of experience.", "years=7" },
        { "I have two and a half years of experience as a developer.", "years=2.5" },
        { "A decade in IT.", "years=10" },
        { "two and a half years", "years=2.5" },
        { "since 2019", "years=7" },
        { "I've been working as a developer since 2019.", "years=7; title=Developer" },
        { "I've got 18 months of experience.", "years=1.5" },
        { "Half a year of experience so far, mostly React.", "years=0.5; skills=React" },
        { "I started coding 4 years ago.", "years=4" },
        { "Been in tech since 2015 as a sysadmin.", "years=11" },
        { "Senior data engineer here, 8 years in the industry.", "years=8; title=Data Engineer; level=Senior" },
        { "I have over a decade of experience in C# and .NET.", "years=10; skills=C#,.NET" },
        { "I have 5 years of experience with k8s and js", "years=5; skills=Kubernetes,JavaScript" },

        // Current title, level and region
        { "I'm a mid-level backend engineer in Berlin", "title=Backend Engineer; level=Mid-level; region=Germany~" },
        { "I work as a QA analyst at a bank.", "title=QA Analyst" },
        { "I'm a senior software engineer with 6 years of experience.", "years=6; title=Software Engineer; level=Senior" },
        { "I'm currently a junior frontend developer in London.", "title=Frontend Developer; level=Junior; region=UK~" },
        { "I live in Toronto and work as a data analyst.", "title=Data Analyst; region=Canada~" },
        { "I'm based in the US and I'm a product owner.", "title=Product Owner; region=USA" },
        { "I'm an SDET with 4 yrs of experience.", "years=4; title=SDET" },
        { "I'm a staff engineer at a fintech in New York.", "title=Staff Engineer; level=Staff; region=USA~" },
        { "I've been a software engineer for 4 years and I'm in Austin.", "years=4; title=Software Engineer; region=USA~" },
        { "Currently mid level, 3 years as a backend dev in Munich.", "years=3; title=Backend Developer; level=Mid-level; region=Germany~" },
        { "I'm a Python developer.", "title=Python Developer; skills=Python" },

        // Target roles
        { "I want to become a DevOps engineer.", "target=DevOps Engineer" },
        { "I'm aiming for a staff engineer role.", "target=Staff Engineer" },
        { "I'd like to move into product management.", "target=Product Manager" },
        { "I'm a QA engineer and I want to transition into data engineering.", "title=QA Engineer; target=Data Engineer" },
        { "I'm a teacher and I'd like to get into QA.", "title=Teacher; target=QA Engineer" },
        { "I'm an aspiring data engineer from Brazil.", "target=Data Engineer" },
        {
            "My current role is Senior Data Engineer, and my target is Engineering Manager.",
            "title=Data Engineer; level=Senior; target=Engineering Manager"
        },
        { "I want to become a senior backend engineer.", "target=Senior Backend Developer" },

        // Skills
        { "I know Python and SQL.", "skills=Python,SQL" },
        { "I'm comfortable with Docker, Kubernetes and Terraform.", "skills=Docker:3,Kubernetes:3,Terraform:3" },
        { "I'm good at APIs but weak at algorithms.", "skills=APIs:4,Algorithms:2" },
        { "I'm learning Rust and I'm pretty good with Go.", "skills=Rust:1,Go:4" },
        { "I'm an expert in PostgreSQL and familiar with MongoDB.", "skills=PostgreSQL:5,MongoDB:2" },
        { "I'm not very good at system design.", "skills=System design:2" },
        { "I'm good at stakeholder management and communication.", "skills=Stakeholder management:4,Communication:4" },
        { "I work with Kafka, Spark and Airflow every day.", "skills=Kafka,Apache Spark,Airflow" },
        { "My stack: TypeScript, Node.js, PostgreSQL.", "skills=TypeScript,Node.js,PostgreSQL" },
        { "We use Jenkins at work, and I set up our ci/cd pipelines myself.", "skills=CI/CD" },
        { "I know Python but not Java.", "skills=Python" },
        { "I use k8s, js and ci/cd daily", "skills=Kubernetes,JavaScript,CI/CD" },
        { "Experienced in Python.", "skills=Python:4" },
        { "I use Go at work, but I want to go abroad.", "skills=Go" },
        { "I don't know Kubernetes but I know Docker.", "skills=Docker" },

        // Certifications
        { "I just got my AWS Certified Developer – Associate!", "certs=AWS Certified Developer – Associate" },
        { "I have the CKA.", "certs=Certified Kubernetes Administrator (CKA)" },
        { "I hold the PMP and CSPO certifications.", "certs=Project Management Professional (PMP) | Certified Scrum Product Owner (CSPO)" },
        { "Passed the ISTQB Foundation Level last month.", "certs=ISTQB Certified Tester Foundation Level (CTFL)" },
        { "I'm CKAD certified and I know Helm.", "skills=Helm; certs=Certified Kubernetes Application Developer (CKAD)" },
        { "I'm a certified Scrum Master.", "certs=Certified ScrumMaster (CSM)" },
        {
            "I have the CKA and 3 years of experience, but I'm not sure I'm ready.",
            "years=3; certs=Certified Kubernetes Administrator (CKA)"
        },

        // Goals
        { "My goal is to lead a team within two years.", "goals=Lead a team within two years" },
        { "I want to move to Canada.", "region=Canada; goals=Move to Canada" },
        {
            "I'm hoping to get promoted to senior engineer this year.",
            "target=Senior Engineer; goals=Get promoted to senior engineer this year"
        },
        {
            "I want to land a job as an ML engineer in Amsterdam.",
            "target=ML Engineer; region=Netherlands~; goals=Land a job as an ML engineer in Amsterdam"
        },

        // Statements mixed with questions
        {
            "I'm a QA analyst with 3 years of experience, how do I become a DevOps engineer?",
            "years=3; title=QA Analyst"
        },
        { "I have 5 years in Java. Should I learn Kotlin?", "years=5; skills=Java" },
        { "Should I learn Kubernetes? I already know Docker.", "skills=Docker" },

        // Longer and informal messages
        {
            "Hi! I'm Anna, a backend developer from Poland living in Berlin. I have 4 years of experience, mostly Java and Spring Boot.",
            "years=4; title=Backend Developer; region=Germany~; skills=Java,Spring Boot"
        },
        { "i'm a sr. software engineer in nyc", "title=Software Engineer; level=Senior; region=USA~" },
        { "Im a devops engineer w/ 6 yrs xp", "years=6; title=DevOps Engineer" },
        { "I've got about four years under my belt as a data analyst.", "years=4" },
        { "My background: 6 yrs Java, some Python.", "years=6; skills=Java,Python" },
        { "Currently working in London as a QA engineer.", "title=QA Engineer; region=UK~" },
        { "I'm an iOS developer with Swift and SwiftUI experience.", "title=iOS Developer; skills=Swift,SwiftUI,iOS" },
        { "It's been 5 years since I started as a developer.", "years=5" },
        { "I'm switching careers from nursing to UX design.", "target=UX Designer" },
        { "I want to be promoted to senior within 18 months.", "goals=Be promoted to senior within 18 months" },
        { "I'm familiar with k8s but I've never used Helm.", "skills=Kubernetes:2" },
        { "Not an expert, but I know my way around Docker.", "skills=Docker" },
    };

    public static TheoryData<string> NotAboutTheUser() =>
    [
        "How many years do I need to become senior?",
        "Should I learn Kubernetes?",
        "What does a data engineer do?",
        "what does a staff engineer earn?",
        "Can you tell me what a DevOps engineer earns in Berlin?",
        "I'd like to know what a data engineer earns in London.",
        "Which is better for a backend developer, Java or Go?",
        "Is it worth getting the PMP?",
        "Do I need the AWS Certified Developer – Associate?",
        "My manager has 15 years of experience.",
        "My friend is a data engineer in London.",
        "My colleague knows Terraform and Kubernetes.",
        "My team uses Kafka and Spark.",
        "She's been a developer for 10 years.",
        "Our company has 500 engineers in Berlin.",
        "If I had 5 years of experience\u2026",
        "Suppose I had the CKA, would that help?",
        "I wish I knew Rust.",
        "I don't know Kubernetes.",
        "I have never used AWS.",
        "I haven't got any certifications yet.",
        "I'm not a manager.",
        "I applied to 3 jobs last week.",
        "We have 10 services in production.",
        "I have an interview in 2 weeks.",
        "I'm 30 years old.",
        "I spent 2 weeks in London.",
        "Senior roles usually require 5 years of experience.",
        "Salaries in Munich are higher than in Berlin.",
        "I read that the CKA takes 2 hours.",
        "I'm studying for the CKA.",
        "I know that Kubernetes is hard.",
        "I know a data engineer in London.",
        "My boss wants me to learn Terraform.",
        "I have a friend who has 10 years of experience in DevOps.",
        "If I learn Go, will I get a job?",
        "I have 3 kids and 2 cats.",
        "What's the salary for a mid-level backend dev in Germany?",
        "Thanks, that's really helpful!",
        "",
    ];

    [Theory]
    [MemberData(nameof(Statements))]
    public void Reads_the_facts_a_user_states(string message, string expected)
    {
        var facts = Extractor().Extract(message, CareerProfile.Empty);

        Assert.Equal(expected, FactsFormat.Describe(facts));
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void A_message_that_states_facts_is_never_taken_for_one_that_only_asks(string message, string expected)
    {
        // Profile learning runs no reader on a message that only asks; every statement the reader takes facts from must reach it.
        Assert.False(FactSignals.OnlyAsks(message), $"'{message}' states {expected}");
        Assert.False(FactSignals.OnlyAsks(message + " What should I do next?"));
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Every_fact_carries_the_exact_text_it_came_from(string message, string expected)
    {
        var facts = Extractor().Extract(message, CareerProfile.Empty);

        Assert.NotEmpty(expected);
        Assert.All(FactsFormat.Spans(facts), span =>
        {
            Assert.False(string.IsNullOrWhiteSpace(span));
            Assert.Contains(span, message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(NotAboutTheUser))]
    public void Questions_hypotheticals_negations_and_other_people_leave_the_profile_unchanged(string message)
    {
        var profile = CareerProfile.Empty with { TargetRole = "Backend Developer", YearsOfExperience = 2, Region = "USA" };

        var facts = Extractor().Extract(message, profile);
        var updated = ProfileFactsApplier.Apply(profile, facts, TurnId.New(), Now);

        Assert.True(facts.IsEmpty, $"Expected no facts but got: {FactsFormat.Describe(facts)}");
        Assert.Same(profile, updated);
    }

    [Fact]
    public void Since_a_year_counts_from_the_current_year_of_the_time_provider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var extractor = new OfflineProfileFactExtractor(time, NullLogger<OfflineProfileFactExtractor>.Instance);

        var facts = extractor.Extract("I've been a developer since 2019.", CareerProfile.Empty);

        Assert.Equal(11m, facts.YearsOfExperience?.Value);
        Assert.Equal("been a developer since 2019", facts.YearsOfExperience?.Span);
    }

    [Fact]
    public void Getting_better_at_a_skill_rates_it_one_above_the_profile()
    {
        var profile = CareerProfile.Empty with { Skills = [new SkillEntry("SQL", 3, [])] };

        var facts = Extractor().Extract("I've gotten much better at SQL lately.", profile);

        var skill = Assert.Single(facts.Skills);
        Assert.Equal(("SQL", (int?)4), (skill.Name, skill.Proficiency));
    }

    [Fact]
    public void A_rated_skill_keeps_the_phrase_that_rates_it_as_its_span()
    {
        var facts = Extractor().Extract("I'm good at APIs but weak at algorithms.", CareerProfile.Empty);

        Assert.Equal(["good at APIs", "weak at algorithms"], facts.Skills.Select(s => s.Span));
    }

    [Fact]
    public void A_very_long_message_is_read_up_to_the_limit()
    {
        var message = "I know Python. " + string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet. ", 400)) + "I know Rust.";

        var facts = Extractor().Extract(message, CareerProfile.Empty);

        Assert.Equal(["Python"], facts.Skills.Select(s => s.Name));
    }

    internal static OfflineProfileFactExtractor Extractor() =>
        new(new FakeTimeProvider(Now), NullLogger<OfflineProfileFactExtractor>.Instance);
}
