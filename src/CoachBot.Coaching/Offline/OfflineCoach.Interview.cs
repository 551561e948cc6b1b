using System.Text.RegularExpressions;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    /// <summary>The label the offline coach puts before a practice question, so a following long message is read as the answer.</summary>
    internal const string PracticeQuestionLabel = "**Practice question:**";

    private static void WriteInterviewPrep(Turn turn)
    {
        var page = turn.Page;
        var level = turn.AskedOrCurrentLevel ?? page.CareerLevels[0];
        var interview = page.Interview.FirstOrDefault(i => i.Level == level.Name) ?? page.Interview[0];

        if (LooksLikeAnswer(turn))
        {
            WriteAnswerFeedback(turn, interview);
            return;
        }

        turn.Reply.Paragraph(turn.AskedOrCurrentLevel is null
            ? turn.Grounded($"I don't know your level yet, so here are the themes for {interview.Level} interviews in the {page.Role} guide", RoleSectionIds.Interview)
            : turn.Grounded($"Interviews at the {interview.Level} level tend to focus on these themes", RoleSectionIds.Interview));
        foreach (var theme in interview.Themes)
        {
            turn.Reply.Bullet(theme);
        }

        var practiced = turn.Context.Request.RecentTurns.Count(t => IntentClassifier.Classify(t.Question).Intent == CoachingIntent.InterviewPrep);
        var question = interview.PracticeQuestions[practiced % interview.PracticeQuestions.Length];
        turn.Reply.Paragraph($"{PracticeQuestionLabel} {turn.Grounded(question, RoleSectionIds.Interview)}");
        turn.Reply.Paragraph("Answer it here as you would out loud (situation, what you did, the result) and I'll give you feedback.");
        if (turn.AskedOrCurrentLevel is null)
        {
            turn.Reply.Paragraph("Tell me your years of experience and I'll switch to the themes for your level.");
        }
    }

    private static bool LooksLikeAnswer(Turn turn)
    {
        var words = turn.Question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var previous = turn.Context.Request.RecentTurns.LastOrDefault();
        var followsPracticeQuestion = previous is not null && previous.Reply.Contains(PracticeQuestionLabel, StringComparison.Ordinal);
        return (followsPracticeQuestion && words >= 20) || (AnswerMarker().IsMatch(turn.Question) && words >= 15);
    }

    private static void WriteAnswerFeedback(Turn turn, InterviewLevel interview)
    {
        var feedback = AnswerReview.Review(turn.Question);
        turn.Reply.Paragraph(feedback.Strengths.Length >= feedback.Improvements.Length
            ? "That's a solid answer. Here's how to make it even stronger."
            : "Good start. Here's how to make it land with an interviewer.");
        if (feedback.Strengths.Length > 0)
        {
            turn.Reply.Heading("What works");
            foreach (var strength in feedback.Strengths)
            {
                turn.Reply.Bullet(strength);
            }
        }

        if (feedback.Improvements.Length > 0)
        {
            turn.Reply.Heading("What to add");
            foreach (var improvement in feedback.Improvements)
            {
                turn.Reply.Bullet(improvement);
            }
        }

        var theme = interview.Themes.FirstOrDefault();
        if (theme is not null)
        {
            turn.Reply.Paragraph(turn.Grounded($"Interviewers at the {interview.Level} level also listen for this theme: {Phrasing.Lower(theme)}", RoleSectionIds.Interview));
        }

        turn.Reply.Paragraph("Want another practice question, or to try this one again with the changes?");
    }

    [GeneratedRegex(@"\b(my answer|here'?s? (is )?my answer|i would answer|i'd answer|how would you rate)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerMarker();
}
