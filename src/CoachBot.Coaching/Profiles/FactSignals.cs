using System.Text.RegularExpressions;
using CoachBot.Coaching.Intents;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// A cheap test of whether a message can state anything about the person at all, so the model call that extracts
/// profile facts is skipped for questions about others, off-topic chatter and messages that only instruct the coach.
/// </summary>
public static partial class FactSignals
{
    /// <summary>
    /// True when the message speaks of the person (I, my, me, we), gives an amount of experience, or pastes resume
    /// lines, and is not clearly off-topic.
    /// </summary>
    public static bool MayStateFacts(string ownWords)
    {
        ArgumentNullException.ThrowIfNull(ownWords);
        if (string.IsNullOrWhiteSpace(ownWords))
        {
            return false;
        }

        var intent = IntentClassifier.Classify(ownWords);
        if (intent.Intent == CoachingIntent.OffTopic && intent.Confidence >= 0.9)
        {
            return false;
        }

        return AboutThemselves().IsMatch(ownWords) || Experience().IsMatch(ownWords) || ListLine().IsMatch(ownWords);
    }

    [GeneratedRegex(@"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|mine|myself|we|we're|our)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutThemselves();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Experience();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+\w+", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ListLine();
}
