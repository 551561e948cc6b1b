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
            case var _ when context.Approved is not null:
                WriteApproved(turn, context.Sections[0]);
                break;
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

        /// <summary>The level the question asks about by name, else the person's own level.</summary>
        public CareerLevel? AskedOrCurrentLevel => Context.AskedLevel ?? Level;

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

    /// <summary>
    /// No role page could be chosen: answer what needs no role (a pasted bullet is reviewed first), use what the profile
    /// already says, and ask one short question for the role, offering the closest matches.
    /// </summary>
    private static void WriteWithoutRole(Turn turn)
    {
        var context = turn.Context;
        if (context.Intent.Intent == CoachingIntent.ResumeReview && ResumeBulletReview.FindBullets(turn.Question).Length > 0)
        {
            WriteBulletReviews(turn);
        }
        else if (context.Intent.Intent == CoachingIntent.General && context.Focus.Topic is null && IsGreetingOnly(turn.Question))
        {
            turn.Reply.Paragraph($"Hi, I'm {context.CoachName}, your career coach. I help with where you stand on your career ladder and what comes next, skill gaps and a learning plan, resume bullets, interview practice, pay and certifications, all grounded in role guides.");
        }
        else if (KnownSoFar(turn) is { } known && !context.Focus.AlreadySaid(known))
        {
            turn.Reply.Paragraph(known);
        }
        else
        {
            turn.Reply.Paragraph(WhyTheRoleMatters(context.Intent.Intent));
        }

        var question = RoleQuestion(context);
        var levelMatters = context.Intent.Intent is CoachingIntent.CareerPath or CoachingIntent.Salary or CoachingIntent.InterviewPrep;
        if (levelMatters && turn.Profile.YearsOfExperience is null && turn.Profile.Level is null && question.EndsWith('?'))
        {
            question = question[..^1] + ", and how many years of experience do you have?";
        }

        turn.Reply.Paragraph(question);
    }

    private static string WhyTheRoleMatters(CoachingIntent intent) => intent switch
    {
        CoachingIntent.CareerPath => "Happy to map your next step. Each role's ladder expects different things at each level, so I'll use the guide for yours.",
        CoachingIntent.InterviewPrep => "Happy to help you prepare. Interview themes differ by role and level, so I'll pick them from the guide for your role.",
        CoachingIntent.Salary => "Happy to help with pay. It differs a lot by role and region, and I only quote figures from the guide for your role.",
        CoachingIntent.SkillGaps => "Happy to look at your skills. The ones that matter differ by role, so I'll compare you against the guide for yours.",
        CoachingIntent.Certifications => "Happy to help. Which certifications and degrees matter depends on the role, so I'll answer from the guide for yours.",
        CoachingIntent.ResumeReview => "Happy to review your resume. Paste a few bullets (one per line) and I'll go through each; knowing your role lets me add the keywords screens look for.",
        _ => "Happy to help with that. Levels, skills, pay and interviews differ a lot between roles, so I'll answer from the guide for your role.",
    };

    /// <summary>What the profile already tells, in one or two sentences, so the person is not asked again for it.</summary>
    private static string? KnownSoFar(Turn turn)
    {
        var profile = turn.Profile;
        var level = profile.Level?.Trim().ToLowerInvariant();
        var years = profile.YearsOfExperience is { } y ? Phrasing.Years(y) : null;
        var title = profile.CurrentTitle;
        if (level is null && years is null && title is null)
        {
            return null;
        }

        var who = (level, years, title) switch
        {
            ({ } l, { } yrs, { } t) => $"a {l} {Phrasing.Lower(StripLevelWord(t, l))} with {yrs} of experience",
            ({ } l, { } yrs, null) => $"at {l} level with {yrs} of experience",
            ({ } l, null, { } t) => $"a {l} {Phrasing.Lower(StripLevelWord(t, l))}",
            (null, { } yrs, { } t) => $"a {Phrasing.Lower(t)} with {yrs} of experience",
            ({ } l, null, null) => $"at {l} level",
            (null, { } yrs, null) => $"someone with {yrs} of experience",
            _ => $"a {Phrasing.Lower(title!)}",
        };
        var next = level switch
        {
            "senior" => " From senior, the usual next step is a staff or principal position: wider technical direction rather than bigger tickets.",
            "junior" => " From junior, the usual next step is the mid level: working independently on larger pieces of work.",
            "mid-level" or "mid" => " From the mid level, the usual next step is senior: leading work that spans several people.",
            _ => "",
        };
        return $"Got it: you're {who}.{next} I can be much more specific with the guide for your role.";
    }

    private static string StripLevelWord(string title, string level) =>
        title.StartsWith(level, StringComparison.OrdinalIgnoreCase) ? title[level.Length..].Trim() : title;

    /// <summary>One short question for the role, with the closest matches when the person's words point at a few.</summary>
    private static string RoleQuestion(CoachingContext context)
    {
        var candidates = context.RoleCandidates;
        if (candidates.Length is >= 2 and <= 4)
        {
            return $"Which role should I answer for: {Phrasing.List(candidates, "or")}?";
        }

        if (candidates.Length == 1)
        {
            return $"Is {candidates[0]} the role you're in or aiming for?";
        }

        return context.KnownRoles.Length > 0
            ? $"I have guides for {Phrasing.List(context.KnownRoles, "and")}. Which role are you in or aiming for?"
            : "Which role are you in or aiming for?";
    }

    private static void WriteGeneral(Turn turn)
    {
        // A question the intents do not cover is answered by the lines of the guide that retrieval found for it.
        if (!turn.Context.Passages.IsDefaultOrEmpty && !IsGreetingOnly(turn.Question) && !IsIntroductionOnly(turn))
        {
            WriteFromPassages(turn);
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

    /// <summary>Leads with the line that answers the question, adds the next closest lines, then where the person stands.</summary>
    private static void WriteFromPassages(Turn turn)
    {
        var passages = turn.Context.Passages;
        var best = passages[0];
        turn.Reply.Paragraph(turn.Reply.Grounded(Unbullet(best.Text), turn.Page.Section(best.Document.SectionId)));
        var more = passages.Skip(1).Where(p => p.Score >= best.Score * 0.8 && !turn.Context.Focus.AlreadySaid(p.Text)).Take(2).ToList();
        foreach (var passage in more)
        {
            turn.Reply.Bullet(turn.Reply.Grounded(Unbullet(passage.Text), turn.Page.Section(passage.Document.SectionId)));
        }

        if (best.Document.SectionId is RoleSectionIds.Pitfalls or RoleSectionIds.Tips)
        {
            // A list section answers as a list: "what mistakes hold testers back?" wants the mistakes, not one of them.
            var section = turn.Page.Section(best.Document.SectionId);
            var shown = new[] { best }.Concat(more).Select(p => Unbullet(p.Text)).ToHashSet(StringComparer.Ordinal);
            foreach (var line in section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..]).Where(l => !shown.Contains(l)).Take(4 - shown.Count))
            {
                turn.Reply.Bullet(turn.Reply.Grounded(line, section));
            }
        }

        WhereYouStand(turn);
        turn.Reply.Paragraph("Want me to go deeper on this, or turn it into next steps for you?");
    }

    private static string Unbullet(string text) =>
        string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.StartsWith("- ", StringComparison.Ordinal) ? l[2..] : l.TrimStart('#', ' ')));

    /// <summary>A message that only introduces the person ("Hi, I'm a QA engineer with 3 years"): nothing to look up yet.</summary>
    private static bool IsIntroductionOnly(Turn turn) => turn.Context.Intent.Signals.Count == 0 && !ConversationFocus.AskedSomething(turn.Question);

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

    private static bool IsGreetingOnly(string question) => question.Trim().Length < 25 && IntentClassifier.IsGreeting(question);

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

        if (string.IsNullOrWhiteSpace(turn.Profile.TargetRole) && string.IsNullOrWhiteSpace(turn.Profile.CurrentTitle))
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
