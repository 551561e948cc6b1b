using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

internal sealed partial class MessageText
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 5000;
    private const string PersonNoun =
        @"(?:manager|boss|friend|colleague|coworker|co-worker|teammate|team|wife|husband|partner|brother|sister|mom|mother|dad"
        + @"|father|son|daughter|parent|cousin|mentor|lead|company|employer|client|cto|ceo|peer|classmate|roommate|girlfriend"
        + @"|boyfriend|spouse|uncle|aunt|interviewer|recruiter|department|organization|organisation|org|kid|child|children"
        + @"|family|neighbou?r|report|coach|professor|teacher|student)s?";

    // A sentence that opens with a question word ("How many years...", "Should I...").
    [GeneratedRegex(@"^\s*(?:(?:so|and|but|also|ok|okay|hey|hi|hello|well|then|now|hmm|um|quick\s+question|question)[,:]?\s+)*"
        + @"(?:how|what|what's|whats|which|who|whom|whose|why|when|where|should|shall|can|could|will|do|does|did|is|isn't"
        + @"|are|aren't|am|was|were|may|might|any|don't|doesn't|won't|wouldn't|shouldn't|can't|couldn't|would(?!\s+(?:like|love)\b))\b",
        Options, TimeoutMs)]
    private static partial Regex InterrogativeStart();

    // Where the question starts in "I have 5 years of Java, should I learn Kotlin?".
    [GeneratedRegex(@"(?:[,;:]\s*|\s+-\s*|\s+(?:so|and|but)\s+)(?:(?:so|and|but)\s+)?(?=(?:how|what|which|who|why|when|where|should|shall"
        + @"|can|could|would|will|do|does|did|is|are|am|any|right|correct|ok|okay|isn't|aren't)\b)", Options, TimeoutMs)]
    private static partial Regex QuestionClause();

    [GeneratedRegex(@"\b(?:if|unless|suppose|supposing|assuming|imagine|hypothetically|pretend|whether)\b|\bwhat\s+if\b|\blet's\s+say\b"
        + @"|\bin\s+case\b|\bi\s+wish\b|\bonce\s+(?=i\b)|\b(?:would|could|should|might|must)\s+have\b|\bwould\s+need\b",
        Options, TimeoutMs)]
    private static partial Regex HypotheticalCue();

    [GeneratedRegex(@"\b(?:i|i've|i\s+have)\s+(?:heard|read|saw|seen|noticed|been\s+told|learned\s+that|learnt\s+that)\b|\bi(?:'m|\s+am|\s+was)\s+told\b"
        + @"|\b(?:apparently|according\s+to|people\s+say|they\s+say)\b", Options, TimeoutMs)]
    private static partial Regex ReportedCue();

    [GeneratedRegex(@"\b(?:i\s+wonder|i'm\s+wondering|i\s+was\s+wondering|i'm\s+curious|i\s+am\s+curious"
        + @"|(?:i'd|i\s+would)\s+like\s+to\s+(?:know|understand|ask)|i\s+want(?:ed)?\s+to\s+(?:know|understand|ask)"
        + @"|tell\s+me|can\s+you|could\s+you|would\s+you|please\s+explain|explain\s+(?:to\s+me\s+)?(?:what|how|why))\b", Options, TimeoutMs)]
    private static partial Regex IndirectQuestionCue();

    [GeneratedRegex(@"\b(?:my|our|his|her|their|your)\s+(?:[\w-]+\s+){0,2}?" + PersonNoun + @"\b"
        + @"|\b(?:a|an|the|this|that|one|some)\s+(?:[\w-]+\s+)?(?:friend|colleague|coworker|co-worker|guy|person|woman|man|girl"
        + @"|boy|teammate|peer|classmate|roommate|neighbou?r|relative|cousin|candidate|acquaintance|recruiter|interviewer)s?\b"
        + @"|(?<=^\s*|[,;:.!?(\n]\s*|\b(?:and|but|so|because|while|whereas|although|though)\s+)(?:he|she|they|we|you|someone"
        + @"|somebody|everyone|everybody|nobody|people|most\s+people|many\s+people|others)(?:'s|'re|'ve|'d|'ll)?\b"
        + @"|\b(?:know|knew|met|meet|hired|hire|manage|mentor|mentored|asked|ask|talked\s+to|spoke\s+(?:to|with)|with)\s+"
        + @"(?:a|an|the|some|two|three|several|many)\s+(?:[\w-]+\s+){0,3}?" + RoleLexicon.Head + @"\b",
        Options, TimeoutMs)]
    private static partial Regex OtherPersonCue();

    [GeneratedRegex(@"\b(?:who|whose|whom)\b", Options, TimeoutMs)]
    private static partial Regex RelativeCue();

    // "not very good at" rates a skill; it is not a negation.
    [GeneratedRegex(@"\b(?:not|never|no|without|neither|nor|lack|lacking|lacks|none|barely|hardly|cannot)\b"
        + @"(?!\s+(?:only|just)\b)(?!\s+(?:very\s+|that\s+|so\s+|too\s+|particularly\s+|super\s+|really\s+|yet\s+)?"
        + @"(?:good|great|strong|confident|comfortable|proficient)\b)|\b\w+n't\b", Options, TimeoutMs)]
    private static partial Regex NegationCue();

    [GeneratedRegex(@"\b(?:want|wants|wanted|wanna|would\s+(?:like|love)|hope|hopes|hoping|plan|plans|planning|aim|aims|aiming"
        + @"|aspire|aspires|aspiring|dream|dreams|goal|goals|target|targets|targeting|objective|ambition|intend|intends|intending"
        + @"|wish|going\s+to|gonna|trying\s+to|try\s+to|need\s+to|needs\s+to|have\s+to|has\s+to|should|must|study|studying"
        + @"|prepare|preparing|working\s+towards?|looking\s+(?:for|to|into)|eventually|someday|one\s+day|considering"
        + @"|thinking\s+(?:about|of)|interested\s+in|curious\s+about|excited\s+about|will|next\s+(?:year|month|step|role|job)|soon)\b"
        + @"|(?<=\w)'(?:d\s+(?:like|love)|ll)\b", Options, TimeoutMs)]
    private static partial Regex AspirationCue();

    [GeneratedRegex(@"\b(?:used\s+to|previously|formerly|former|ex-|back\s+then|in\s+the\s+past|before\s+(?:that|this)"
        + @"|at\s+my\s+(?:last|previous|old|first)\s+(?:job|company|role|employer))(?!\w)", Options, TimeoutMs)]
    private static partial Regex PastCue();

    [GeneratedRegex(@"\b(?:but|however|although|though|whereas|while|yet|except)\b", Options, TimeoutMs)]
    private static partial Regex ContrastBoundary();

    // A new clause about the user: ", I ...", "and I ...", "and have ...".
    [GeneratedRegex(@"(?:,\s*(?:(?:and|so|also)\s+)?|\s+(?:and|so|because|also)\s+)(?:(?:currently|now|right\s+now|today|also|meanwhile|already)\s*,?\s+)?"
        + @"(?=(?:i|i'm|i've|i'd|i'll|im|my)\b)|\s+and\s+(?=(?:have|had|know|am|work|use|hold|currently|also)\b)", Options, TimeoutMs)]
    private static partial Regex RestartBoundary();

    [GeneratedRegex(@"\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine)\b", Options, TimeoutMs)]
    private static partial Regex FirstPerson();

    // Nothing but filler before the fact: "5+ yrs", "So, about 5 years".
    [GeneratedRegex(@"^\s*(?:(?:so|and|also|ok|okay|well|yes|yeah|yep|um|uh|hi|hello|hey|currently|now|today|basically|roughly"
        + @"|total|in\s+total|overall|just|already|professionally)[,:!]?\s*)*$", Options, TimeoutMs)]
    private static partial Regex FragmentStart();

    // A finite verb: a sentence with one is a full statement, not a note about the writer.
    [GeneratedRegex(@"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|need|needs|require|requires|required|want|wants|expect"
        + @"|expects|pay|pays|get|gets|take|takes|ask|asks|say|says|said|list|lists|mention|mentions|should|must|can|could|would"
        + @"|will|hire|hires|hiring|look|looks|seek|seeks|seeking|prefer|prefers|use|uses|know|knows|earn|earns|make|makes"
        + @"|work|works|offer|offers|mean|means|seem|seems|go|goes|come|comes|become|becomes|matter|matters|help|helps|give|gives"
        + @"|teach|teaches|cost|costs|run|runs|rely|relies)\b", Options, TimeoutMs)]
    private static partial Regex Verb();
}
