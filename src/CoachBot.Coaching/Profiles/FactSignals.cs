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
    public static bool MayStateFacts(string ownWords) => SpeaksOfThemselves(ownWords) && !OnlyAsks(ownWords);

    /// <summary>
    /// The first half of <see cref="MayStateFacts"/>: the message speaks of the person (I, my, me, we), gives an amount
    /// of experience, or pastes resume lines, and is not clearly off-topic. For a caller that has already asked <see cref="OnlyAsks"/>.
    /// </summary>
    public static bool SpeaksOfThemselves(string ownWords)
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

    /// <summary>
    /// True when the message only asks: every sentence that speaks of the person is a question, and nothing in it is a
    /// value a profile holds or a word that tells of the person's past, present or aims (no number, in digits or words;
    /// no role, field, skill, certification or place; no "as a", "I've", "currently", "want to"). "What should I work on
    /// next to grow in my role?" is such a message: neither the offline reader nor a model has a value to take from it,
    /// so neither is run.
    /// </summary>
    public static bool OnlyAsks(string ownWords)
    {
        ArgumentNullException.ThrowIfNull(ownWords);
        if (Amount().IsMatch(ownWords) || StatementCue().IsMatch(ownWords))
        {
            return false;
        }

        foreach (var sentence in Sentence().EnumerateMatches(ownWords))
        {
            var text = ownWords.AsSpan(sentence.Index, sentence.Length).Trim();
            if (AboutThemselves().IsMatch(text) && !text.EndsWith('?') && !QuestionOpener().IsMatch(text))
            {
                return false;
            }
        }

        return !NamesAnything(ownWords);
    }

    private static bool NamesAnything(string text) =>
        Named(RoleLexicon.Roles, text) || Named(RoleLexicon.Fields, text) || Named(SkillLexicon.Instance, text)
        || Named(CertificationLexicon.Instance, text) || Named(PlaceLexicon.Countries, text) || Named(PlaceLexicon.Cities, text);

    private static bool Named(Lexicon lexicon, string text) => lexicon.MayMention(text) && lexicon.Matches(text, 0, text.Length).Any();

    // A number standing as a word ("5", "2019", "3.5"), not digits inside a code or reference ("bq3f9").
    [GeneratedRegex(@"(?<![\w.])\d+(?:[.,]\d+)?(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    // "I work", "I know", ... as statements; "should I work", "can I use" ask.
    [GeneratedRegex(@"\b(?:as\s+an?|i'm|im|i've|ive"
        + @"|(?<!\b(?:should|shall|can|could|would|will|do|did|does|may|might|must|what|how|where|when|why|which)\s+)i\s+(?:am|have|had|was|work|worked|studied|know|use|speak|live|moved|got|hold|earn|make|lead|manage|led|managed|built)"
        + @"|my\s+(?:current|previous|last|old|new|title|job|degree|background|experience|skills?|goal|plan|dream|team|company|boss|manager)"
        + @"|currently|used\s+to|want|wanna|hope|hoping|plan|planning|aim|aiming|goal|dream|trying|switch|switching|transition|moving|become|becoming"
        + @"|certified|certificate|certification|degree|bootcamp|graduated|years?|yrs?|months?|decades?|since|ago|senior|junior|lead|principal|intern"
        + @"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|couple|dozen|half)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatementCue();

    [GeneratedRegex(@"[^.!?\n]+[.!?]*", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"^(?:what|what's|whats|how|which|when|where|why|who|whom|whose|should|shall|can|could|would|will|do|does|did|is|are|am|may|might|must)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionOpener();

    [GeneratedRegex(@"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|mine|myself|we|we're|our)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutThemselves();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Experience();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+\w+", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ListLine();
}
