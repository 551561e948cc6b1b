using System.Collections.Immutable;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.Reasoning;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Offline;

/// <summary>A reply the offline coach wrote, and the sections its [n] markers refer to, in order.</summary>
public sealed record ComposedReply(string Text, ImmutableArray<RoleSection> Sources)
{
    /// <summary>The citations of <see cref="Sources"/>, in marker order.</summary>
    public ImmutableArray<Citation> Citations => [.. Sources.Select(s => s.ToCitation())];
}

/// <summary>
/// The offline coach: composes a reply for the turn's intent from the career assessment, the role's content and the
/// profile. Deterministic; every sentence that states role content carries the marker of the section it came from.
/// </summary>
public static partial class OfflineCoach
{
    public static ComposedReply Compose(CoachingContext context)
    {
        var reply = new ReplyBuilder();
        var turn = new Turn(context, reply);
        switch (context.Intent.Intent)
        {
            case CoachingIntent.OffTopic:
                WriteOffTopic(turn);
                break;
            case var _ when context.Page is null:
                WriteWithoutRole(turn);
                break;
            case CoachingIntent.CareerPath:
                WriteCareerPath(turn);
                break;
            case CoachingIntent.SkillGaps:
                WriteSkillGaps(turn);
                break;
            case CoachingIntent.ResumeReview:
                WriteResumeReview(turn);
                break;
            case CoachingIntent.InterviewPrep:
                WriteInterviewPrep(turn);
                break;
            case CoachingIntent.Salary:
                WriteSalary(turn);
                break;
            case CoachingIntent.Certifications:
                WriteCertifications(turn);
                break;
            default:
                WriteGeneral(turn);
                break;
        }

        return new ComposedReply(reply.ToString(), reply.Sources);
    }

    /// <summary>What each intent's writer needs, with shortcuts.</summary>
    private sealed class Turn(CoachingContext context, ReplyBuilder reply)
    {
        public CoachingContext Context => context;

        public ReplyBuilder Reply => reply;

        public CareerProfile Profile => context.Request.Profile;

        public string Question => context.Request.Question;

        public RolePage Page => context.Page!;

        public CareerAssessment Assessment => context.Assessment!;

        private CareerLevel? _level;
        private bool _levelKnown;

        /// <summary>The current level, worked out once per reply.</summary>
        public CareerLevel? Level
        {
            get
            {
                if (!_levelKnown)
                {
                    _level = CareerReasoner.CurrentLevel(Profile, Page).Level;
                    _levelKnown = true;
                }

                return _level;
            }
        }

        public CareerLevel? NextLevel => Level is { } level && Page.CareerLevels.IndexOf(level) is var i && i + 1 < Page.CareerLevels.Length ? Page.CareerLevels[i + 1] : null;

        public RoleSection Section(string id) => Page.Section(id);

        public string Grounded(string sentence, string sectionId) => reply.Grounded(sentence, Section(sectionId));

        /// <summary>"the Backend Developer role in the USA".</summary>
        public string RoleInRegion => $"the {Page.Role} role in {RegionName}";

        /// <summary>"the USA", "Germany".</summary>
        public string RegionName => Page.Region.Length <= 3 && Page.Region.All(char.IsUpper) ? "the " + Page.Region : Page.Region;
    }

    private static void WriteOffTopic(Turn turn)
    {
        turn.Reply.Paragraph("That one is outside what I can help with: I'm a career coach, so I stick to careers and work.");
        turn.Reply.Paragraph("Here is what I can do for you:");
        turn.Reply.Bullet("map where you are on your role's career ladder and what the next level expects");
        turn.Reply.Bullet("find your skill gaps and turn them into a 30/60/90-day learning plan");
        turn.Reply.Bullet("review resume bullets so they show outcomes and pass ATS screens");
        turn.Reply.Bullet("prepare you for interviews with practice questions and feedback");
        turn.Reply.Bullet("share salary and market signals and certifications worth having");
        turn.Reply.Paragraph("What would you like to work on?");
    }

    private static void WriteWithoutRole(Turn turn)
    {
        var roles = turn.Context.KnownRoles;
        turn.Reply.Paragraph(turn.Context.Intent.Intent == CoachingIntent.General
            ? $"Hi, I'm {turn.Context.CoachName}, your career coach. I give advice tailored to your role, level and goals, grounded in role guides for each career path."
            : "I can answer that well once I know which role you are aiming for, because levels, skills, pay and interviews differ a lot between roles.");
        if (roles.Length > 0)
        {
            turn.Reply.Paragraph($"I have detailed guides for {Phrasing.List(roles)}.");
        }

        turn.Reply.Paragraph("To tailor my advice, tell me:");
        turn.Reply.Numbered(1, "the role you are aiming for (for example \"backend developer\")");
        turn.Reply.Numbered(2, "how many years of experience you have");
        turn.Reply.Numbered(3, "where you work or want to work (for example USA or Germany)");
    }

    private static void WriteGeneral(Turn turn)
    {
        // A question the intents do not cover may still be answered by one section of the guide: retrieval found it.
        var best = turn.Context.Retrieved.IsDefaultOrEmpty ? null : turn.Context.Retrieved[0];
        if (best is not null && best.SectionId is not (RoleSectionIds.Overview or RoleSectionIds.CareerLevels or RoleSectionIds.Tips) && !IsGreetingOnly(turn.Question))
        {
            WriteFromSection(turn, best);
            return;
        }

        var overview = turn.Page.Overview.Split("\n\n")[0];
        turn.Reply.Paragraph(turn.Grounded(FirstSentences(overview, 2), RoleSectionIds.Overview));
        WhereYouStand(turn);

        var tips = turn.Page.Tips;
        if (tips.Length > 0)
        {
            turn.Reply.Heading("Two habits that pay off in this role");
            foreach (var tip in tips.Take(2))
            {
                turn.Reply.Bullet(turn.Grounded(tip, RoleSectionIds.Tips));
            }
        }

        turn.Reply.Paragraph("I can go deeper on your next career step, skill gaps and a learning plan, your resume, interview practice, salary signals or certifications. Which would help most right now?");
        AskForMissingFacts(turn);
    }

    private static void WriteFromSection(Turn turn, RoleSection section)
    {
        turn.Reply.Paragraph($"The closest answer in the {turn.Page.Role} guide is its \u201C{section.Title}\u201D section:");
        var lines = section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bullets = lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..]).Take(4).ToList();
        if (bullets.Count == 0)
        {
            turn.Reply.Paragraph(turn.Reply.Grounded(FirstSentences(lines.FirstOrDefault(l => !l.EndsWith(':')) ?? section.Title, 2), section));
        }

        foreach (var bullet in bullets)
        {
            turn.Reply.Bullet(turn.Reply.Grounded(bullet, section));
        }

        WhereYouStand(turn);
        turn.Reply.Paragraph("Want me to go deeper on any of these, or turn them into next steps for you?");
    }

    private static bool IsGreetingOnly(string question) =>
        question.Trim().Length < 25 && System.Text.RegularExpressions.Regex.IsMatch(question, @"^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>The assessment in one or two sentences, when years or level are known.</summary>
    private static void WhereYouStand(Turn turn)
    {
        if (turn.Level is not { } level)
        {
            return;
        }

        var reason = turn.Assessment.CurrentLevelReason!;
        turn.Reply.Paragraph(turn.Grounded($"For you: {Capitalize(reason.Replace("→", "puts you at", StringComparison.Ordinal))}, where the expectation is that someone {Phrasing.Lower(Phrasing.NoStop(level.Expectations))}", RoleSectionIds.CareerLevels));
    }

    /// <summary>Ends the reply with a question for the facts that would sharpen the advice.</summary>
    private static void AskForMissingFacts(Turn turn)
    {
        var missing = new List<string>();
        if (turn.Profile.YearsOfExperience is null && turn.Profile.Level is null)
        {
            missing.Add("how many years of experience you have");
        }

        if (turn.Profile.Skills.IsDefaultOrEmpty)
        {
            missing.Add("the skills you are strongest and weakest in");
        }

        if (string.IsNullOrWhiteSpace(turn.Profile.TargetRole))
        {
            missing.Add($"whether {turn.Page.Role} is the role you are aiming for");
        }

        if (missing.Count > 0)
        {
            turn.Reply.Paragraph($"To make this more specific, tell me {Phrasing.List(missing)}.");
        }
    }

    private static string FirstSentences(string text, int count)
    {
        var end = 0;
        for (var i = 0; i < count; i++)
        {
            var next = text.IndexOf(". ", end, StringComparison.Ordinal);
            if (next < 0)
            {
                return text;
            }

            end = next + 1;
        }

        return text[..end];
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
