using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Intents;

/// <summary>
/// Deterministic intent recognition: weighted patterns per intent, highest total wins. A message with no career signal
/// at all is off-topic; a career message that matches no specific intent is general. Deterministic on purpose: the same
/// message always takes the same path, offline and with an LLM, and the choice is explainable from its signals.
/// </summary>
public static partial class IntentClassifier
{
    private sealed record Rule(CoachingIntent Intent, Regex Pattern, double Weight, string Name);

    private static readonly Rule[] Rules =
    [
        new(CoachingIntent.ResumeReview, ResumeWords(), 3, "resume"),
        new(CoachingIntent.ResumeReview, PastedBullets(), 2, "pasted bullets"),
        new(CoachingIntent.ResumeReview, QuotedForReview(), 3, "quoted for review"),
        new(CoachingIntent.InterviewPrep, InterviewWords(), 3, "interview"),
        new(CoachingIntent.InterviewPrep, AnswerFeedback(), 2, "answer feedback"),
        new(CoachingIntent.Salary, SalaryWords(), 3, "pay"),
        new(CoachingIntent.Salary, HowMuchEarn(), 3, "how much"),
        new(CoachingIntent.Certifications, CertificationWords(), 3, "certification"),
        new(CoachingIntent.Certifications, EducationWords(), 4, "education"),
        new(CoachingIntent.SkillGaps, LearningWords(), 2, "learning"),
        new(CoachingIntent.SkillGaps, GapWords(), 3, "skill gaps"),
        new(CoachingIntent.SkillGaps, PlanWords(), 2, "plan"),
        new(CoachingIntent.CareerPath, LevelWords(), 2, "levels"),
        new(CoachingIntent.CareerPath, PathWords(), 3, "career path"),
    ];

    /// <summary>Classifies one message.</summary>
    public static IntentMatch Classify(string message)
    {
        var text = message.Trim();
        var scores = new Dictionary<CoachingIntent, double>();
        var signals = new Dictionary<CoachingIntent, List<string>>();
        foreach (var rule in Rules)
        {
            var matches = rule.Pattern.Matches(text);
            if (matches.Count == 0)
            {
                continue;
            }

            // Repeats count, with diminishing weight, so one stray word does not beat a clear topic.
            scores[rule.Intent] = scores.GetValueOrDefault(rule.Intent) + rule.Weight * (1 + 0.25 * Math.Min(matches.Count - 1, 4));
            (signals.TryGetValue(rule.Intent, out var list) ? list : signals[rule.Intent] = []).Add($"{rule.Name}: {matches[0].Value.Trim()}");
        }

        if (scores.Count == 0)
        {
            // Clearly off-topic words decide; otherwise a message about the person themselves is given the benefit of the doubt.
            return OffTopicWords().IsMatch(text) && !HasCareerSignal(text)
                ? new IntentMatch(CoachingIntent.OffTopic, 0.9, [])
                : HasCareerSignal(text) || IsGreeting(text) || AboutSelf().IsMatch(text)
                    ? new IntentMatch(CoachingIntent.General, 0.5, [])
                    : new IntentMatch(CoachingIntent.OffTopic, 0.6, []);
        }

        var ranked = scores.OrderByDescending(s => s.Value).ThenBy(s => (int)s.Key).ToList();
        var best = ranked[0];
        var runnerUp = ranked.Count > 1 ? ranked[1].Value : 0;
        var confidence = Math.Clamp((best.Value - runnerUp + 1) / (best.Value + 1), 0.3, 1.0);
        return new IntentMatch(best.Key, confidence, signals[best.Key]);
    }

    private static bool HasCareerSignal(string text) => CareerWords().IsMatch(text);

    /// <summary>True when the message opens with a greeting or thanks ("hi", "heyy", "thank you").</summary>
    public static bool IsGreeting(string text) => Greeting().IsMatch(text);

    [GeneratedRegex(@"\b(r[eé]sum[eé]s?|cv|curriculum vitae|cover letter|ats|applicant tracking|bullets?(?: points?)?|linkedin (profile|summary)|lebenslauf)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResumeWords();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+\w+", RegexOptions.Multiline)]
    private static partial Regex PastedBullets();

    // "Review: \"Responsible for…\"", "is this ok: …", a quoted line of several words followed by "for my resume / is this ok".
    [GeneratedRegex(@"\b(?:review|rate|rewrite|improve|fix|check)\b[^""“\n]{0,20}[:\-–]?\s*[""“][^""”]{12,}[""”]|^\s*[""“][^""”]{12,}[""”]\s*[-–—,]?\s*(?:is\s+(?:this|it)|how|what|can|could|any)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedForReview();

    [GeneratedRegex(@"\b(interview(s|ing|er|ers)?|mock|behaviou?ral question|system design round|coding round|whiteboard|star method|practice question|hiring manager screen|phone screen|onsite)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InterviewWords();

    [GeneratedRegex(@"\b(my answer|how would you answer|how should i answer|feedback on (my|this) answer|here'?s? (is )?my answer|i would answer)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerFeedback();

    [GeneratedRegex(@"\b(salar(y|ies)|pay(ing|s)?|paid|compensation|comp|earn(s|ing|ings)?|wages?|income|raise|negotiat\w*|offers?|offered|offer letter|market rate|verdien\w*|gehalt|geh[äa]lter|total comp|tc|bonus|equity)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SalaryWords();

    [GeneratedRegex(@"\bhow much (money )?(do|does|can|could|will|would|should)\b.*\b(mak(e|ing)|earn(ing)?|get(ting)? paid|ask(ing)? for|pull in)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowMuchEarn();

    [GeneratedRegex(@"\b(certifi(cation|cations|cate|cates|ed)|certs?|exam|credential|aws certified|azure (developer|administrator|fundamentals)|cka|ckad|istqb|cspo|pmp|scrum master|psm)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CertificationWords();

    // Degrees and schooling live in the same role-page section as certifications ("Education and certifications").
    [GeneratedRegex(@"\b(degrees?|bachelor'?s?|master'?s|masters|ph\.?d|diploma|bootcamps?|boot camps?|self[- ]taught|education|formal education|cs grad|(go|went|going) to (college|university|uni))\b", RegexOptions.IgnoreCase)]
    private static partial Regex EducationWords();

    [GeneratedRegex(@"\b(learn(ing)?|study|studying|upskill\w*|course|courses|practice|get better at|improve|brush up|master|focus on|work on|prioriti[sz]e)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LearningWords();

    [GeneratedRegex(@"\b(skill gaps?|gaps?|missing|lacking|weak(ness|nesses)?|(what|which) (hard |soft |technical |core |key )?skills|(hard|soft|technical) skills|skills (do i|should i|to|matter)|need to know)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GapWords();

    [GeneratedRegex(@"\b(30[/ -]60[/ -]90|learning plan|study plan|roadmap|next (30|60|90) days|\d+[- ]days? plan|next three months|plan for)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlanWords();

    [GeneratedRegex(@"\b(junior|mid[- ]level|senior|staff|principal|lead|level(s)?|ladder|seniority)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LevelWords();

    [GeneratedRegex(@"\b(career path|promot(ed|ion)|next (career )?(step|move|level)|what'?s next|where (am i|do i stand)|where (do|can|should) i go|go from here|get there|milestones?|move up|grow(th)? (in|into)|become an? |get to (senior|staff|the next)|advance|progress(ion)?|switch (to|into)|transition (to|into)|move into)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PathWords();

    [GeneratedRegex(@"\b(career|job|jobs|role|roles|work|working|position|hire|hired|hiring|employer|remote\w*|wfh|work from home|hybrid|on-?site|relocat\w*|visa|job market|demand|manager|team|company|skills?|experience|engineer\w*|developer\w*|programm\w*|coding|tech|industry|profession\w*|mentor\w*|portfolio|promotion|apply|applying|application|recruiter|workplace|boss|colleague\w*|freelanc\w*|internship|graduate|degree|bootcamp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CareerWords();

    [GeneratedRegex(@"^\s*(hi+|hello+|hey+a?|heya|hiya|yo|good (morning|afternoon|evening)|thanks|thank you|hallo|hola)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"\b(weather|recipe|cook(ing)?|football|soccer|basketball|movie|film|song|joke|poem|capital of|translate|horoscope|lottery|integral|derivative|equation|homework|calculus|algebra|dating|girlfriend|boyfriend|vacation|holiday destination)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OffTopicWords();

    [GeneratedRegex(@"\b(I|I'm|I've|me|my|myself)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AboutSelf();
}
