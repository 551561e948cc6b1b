using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Offline;

/// <summary>Feedback on an interview answer: what works and what to add, judged on structure, ownership, evidence and reasoning.</summary>
/// <param name="Strengths">What the answer does well.</param>
/// <param name="Improvements">What to add or change.</param>
public sealed record AnswerFeedback(ImmutableArray<string> Strengths, ImmutableArray<string> Improvements);

/// <summary>Heuristic review of a spoken-style interview answer (STAR structure, "I" not only "we", numbers, trade-offs, length).</summary>
public static partial class AnswerReview
{
    public static AnswerFeedback Review(string answer)
    {
        var strengths = ImmutableArray.CreateBuilder<string>();
        var improvements = ImmutableArray.CreateBuilder<string>();
        var words = answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

        if (Situation().IsMatch(answer))
        {
            strengths.Add("you set the scene before diving in");
        }
        else
        {
            improvements.Add("open with one sentence of context: the team, the system and what was at stake");
        }

        if (FirstPerson().Count(answer) >= 2)
        {
            strengths.Add("you make your own part clear");
        }
        else
        {
            improvements.Add("say what *you* did (\"I designed…\", \"I decided…\"), not only what the team did");
        }

        if (Number().IsMatch(answer))
        {
            strengths.Add("you back it up with numbers");
        }
        else
        {
            improvements.Add("add one number that shows the result or the scale (latency, error rate, users, time saved)");
        }

        if (Result().IsMatch(answer))
        {
            strengths.Add("you finish with the outcome");
        }
        else
        {
            improvements.Add("end with the result and what you learned");
        }

        if (Reasoning().IsMatch(answer))
        {
            strengths.Add("you explain why you chose your approach");
        }
        else
        {
            improvements.Add("name the trade-off you weighed and why you chose as you did");
        }

        if (words < 50)
        {
            improvements.Add("give more detail: a strong answer usually takes one to two minutes to say (roughly 150–300 words)");
        }
        else if (words > 400)
        {
            improvements.Add("tighten it: aim for one to two minutes, cutting background the interviewer did not ask for");
        }

        return new AnswerFeedback(strengths.ToImmutable(), improvements.ToImmutable());
    }

    [GeneratedRegex(@"\b(when i was|at my (last|previous|current)|we had|our (team|system|service)|the (problem|situation|challenge) was|context|background)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Situation();

    [GeneratedRegex(@"\bI (designed|built|decided|led|wrote|proposed|owned|found|fixed|created|implemented|drove|chose|migrated|measured|added|introduced|set up|pushed|convinced|worked|talked|analy[sz]ed|started|took)\b")]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"\d")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(result(ed)?|as a result|outcome|in the end|reduc\w*|improv\w*|cut|saved|increas\w*|learned|impact)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Result();

    [GeneratedRegex(@"\b(because|trade-?offs?|instead of|rather than|so that|alternative|option|weighed|pros and cons)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reasoning();
}
