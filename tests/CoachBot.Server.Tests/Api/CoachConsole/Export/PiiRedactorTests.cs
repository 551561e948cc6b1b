using CoachBot.Profiles;
using CoachBot.Server.Api.CoachConsole.Export;

namespace CoachBot.Server.Tests.Api.CoachConsole.Export;

/// <summary>What the export's redactor replaces in realistic messages, and what it must leave alone.</summary>
public sealed class PiiRedactorTests
{
    private static readonly PiiRedactor Redactor = new();

    [Theory]
    [InlineData(
        "Hi, my name is Priya Raman and you can reach me at priya.raman@example.com or (415) 555-0132.",
        "Hi, my name is [name] and you can reach me at [email] or [phone].")]
    [InlineData("Call me on +44 20 7946 0958 or at the Berlin office, 030 12345678.", "Call me on [phone] or at the Berlin office, [phone].")]
    [InlineData("My Indian number is +91 98765 43210 and my US one 415.555.0132.", "My Indian number is [phone] and my US one [phone].")]
    [InlineData("Write to j.doe+jobs2024@mail.example.co.uk please", "Write to [email] please")]
    [InlineData("I'm Priya Raman, a senior data engineer.", "I'm [name], a senior data engineer.")]
    [InlineData("I am Tomasz and I want to move into MLOps.", "I am [name] and I want to move into MLOps.")]
    [InlineData("You can call me Sam.", "You can call me [name].")]
    [InlineData("Can you review my CV?\n\nThanks,\nPriya Raman", "Can you review my CV?\n\nThanks,\n[name]")]
    [InlineData("Let's pick this up on Monday.\n— Dana", "Let's pick this up on Monday.\n— [name]")]
    [InlineData("That helps a lot. Cheers, Marco!", "That helps a lot. Cheers, [name]!")]
    public void Replaces_emails_phone_numbers_and_names(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("I work at Globex Corporation as a Data Engineer.", "I work at [employer] as a Data Engineer.")]
    [InlineData("I worked as a backend developer at Initech for three years.", "I worked as a backend developer at [employer] for three years.")]
    [InlineData("My job at Hooli is mostly Kafka pipelines.", "My job at [employer] is mostly Kafka pipelines.")]
    [InlineData("Last spring Globex laid me off, so I joined Umbrella Health.", "Last spring [employer] laid me off, so I joined [employer].")]
    [InlineData("I was interning at Booking.com in 2022.", "I was interning at [employer] in 2022.")]
    [InlineData("I left Initech in May.", "I left [employer] in May.")]
    [InlineData("I work for AT&T in Dallas.", "I work for [employer] in Dallas.")]
    public void Replaces_employers_named_after_a_work_cue(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("My salary is $85,000 and I want more.", "My salary is [salary] and I want more.")]
    [InlineData("I make 90k right now.", "I make [salary] right now.")]
    [InlineData("The offer is 85,000 USD base plus a bonus.", "The offer is [salary] base plus a bonus.")]
    [InlineData("In Munich they offered €60.000, in London £45k.", "In Munich they offered [salary], in London [salary].")]
    [InlineData("I earn 120000 a year.", "I earn [salary] a year.")]
    [InlineData("My current compensation is 120k total.", "My current compensation is [salary] total.")]
    [InlineData("I'm paid 18 LPA in Bangalore.", "I'm paid [salary] in Bangalore.")]
    public void Replaces_salary_figures(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("I want to become a Data Engineer at a big company.")]
    [InlineData("I am Senior Backend Developer with 5 years of experience.")]
    [InlineData("I'm German and I work in Berlin.")]
    [InlineData("I have 5 years of experience, started in 2019 and led a team of 12 from 2021-2023.")]
    [InlineData("See backend-developer/usa/career-levels and the salary-bands section (content 2025.04.1).")]
    [InlineData("Machine Learning Engineer and Full Stack Developer are both on the ladder.")]
    [InlineData("Our product has 120000 users and 4500 paying teams.")]
    [InlineData("I work at night and study SQL at weekends.")]
    [InlineData("- Python\n- Kubernetes\n1. Learn Go")]
    [InlineData("What does a Junior Data Analyst earn in the USA?")]
    public void Leaves_roles_years_counts_and_section_ids_alone(string text) => Assert.Equal(text, Redactor.Redact(text));

    [Fact]
    public void A_name_introduced_once_is_replaced_wherever_the_conversation_repeats_it()
    {
        var redactor = PiiRedactor.ForConversation(["Hello, my name is Priya Raman.", "I work at Globex Corporation."], [], []);

        Assert.Equal("Nice to meet you, [name]! How long have you been at [employer]?", redactor.Redact("Nice to meet you, Priya! How long have you been at Globex Corporation?"));
        Assert.Equal("[name] asked about [employer].", redactor.Redact("Priya Raman asked about Globex Corporation."));
    }

    [Fact]
    public void A_human_coachs_name_is_replaced_but_not_the_title_or_everyday_words()
    {
        var redactor = new PiiRedactor(["Coach Dana Whitfield", "Will Turner"]);

        Assert.Equal("[name] here. [name] will follow up with you.", redactor.Redact("Coach Dana Whitfield here. Dana will follow up with you."));
        Assert.Equal("Will you ask [name]? Coaches can help.", redactor.Redact("Will you ask Turner? Coaches can help."));
    }

    [Fact]
    public void The_profiles_free_text_is_redacted_and_its_structure_kept()
    {
        var turn = Ids.TurnId.New();
        var at = DateTimeOffset.Parse("2025-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var profile = new CareerProfile
        {
            TargetRole = "Data Engineer",
            CurrentTitle = "Analyst at Globex",
            YearsOfExperience = 5,
            Goals = ["Get my salary from $85,000 to 110k", "Leave Globex"],
            Evidence = [new ProfileEvidence("currentTitle", "I work at Globex as an analyst", "conversation", turn, at)],
            Skills = [new SkillEntry("SQL", 4, [new ProfileEvidence("skills", "my name is Priya and I write SQL daily", "conversation", turn, at)])],
        };

        var redacted = new PiiRedactor(employers: ["Globex"]).Redact(profile);

        Assert.Equal("Data Engineer", redacted.TargetRole);
        Assert.Equal("Analyst at [employer]", redacted.CurrentTitle);
        Assert.Equal(5, redacted.YearsOfExperience);
        Assert.Equal(["Get my salary from [salary] to [salary]", "Leave [employer]"], redacted.Goals);
        Assert.Equal("I work at [employer] as an analyst", Assert.Single(redacted.Evidence).Value);
        Assert.Equal(turn, redacted.Evidence[0].TurnId);
        var skill = Assert.Single(redacted.Skills);
        Assert.Equal(("SQL", 4), (skill.Name, skill.Proficiency));
        Assert.Equal("my name is [name] and I write SQL daily", Assert.Single(skill.Evidence).Value);
    }

    [Fact]
    public void Empty_text_stays_empty_and_null_stays_null()
    {
        Assert.Equal(string.Empty, Redactor.Redact(string.Empty));
        Assert.Null(Redactor.RedactOptional(null));
    }
}
