using System.Text;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Intents;

/// <summary>
/// A message with the instructions aimed at the coach itself taken out ("ignore your previous instructions", "you are now
/// a salary bot", "system: ..."), so the task is decided by what the person asks about, never by what a pasted or typed
/// instruction tells the coach to do. Used for the intent, the role named in the question, profile learning and the text
/// a model answers.
/// </summary>
/// <param name="Text">The person's own words: the message without the sentences that address the coach's rules.</param>
/// <param name="RemovedInstructions">How many sentences were taken out.</param>
public sealed partial record OwnWords(string Text, int RemovedInstructions)
{
    /// <summary>True when the message tried to give the coach instructions.</summary>
    public bool HadInstructions => RemovedInstructions > 0;

    /// <summary>True when nothing is left to answer.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);

    /// <summary>Splits the message into sentences and lines and drops those that address the coach's own rules or role.</summary>
    public static OwnWords Of(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!InstructionCue().IsMatch(message))
        {
            return new OwnWords(message.Trim(), 0);
        }

        var kept = new StringBuilder(message.Length);
        var removed = 0;
        foreach (Match sentence in Sentence().Matches(message))
        {
            if (Instruction().IsMatch(sentence.Value))
            {
                removed++;
                continue;
            }

            kept.Append(sentence.Value);
        }

        return new OwnWords(Whitespace().Replace(kept.ToString(), m => m.Value.Contains('\n', StringComparison.Ordinal) ? "\n" : " ").Trim(), removed);
    }

    // A cheap first look: most messages contain none of these words, and skip the sentence split.
    [GeneratedRegex(@"instruction|ignore|disregard|forget|override|bypass|pretend|act\s+as|you\s+are\s+(now|no\s+longer)|from\s+now\s+on|system|assistant|developer\s+mode|jailbreak|prompt|<\||\[/?INST\]|###|respond\s+only|answer\s+only|reply\s+only|intent\s*[:=]|roleplay|role-play", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InstructionCue();

    // Sentences end at . ! ? or a line break; the terminator stays with its sentence.
    [GeneratedRegex(@"[^.!?\n]*(?:[.!?]+|\n|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();

    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override|bypass|skip|drop)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+|these\s+|those\s+|every\s+)*(?:previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|system\s+|original\s+|initial\s+|existing\s+|safety\s+|coaching\s+)*(?:instructions?|rules?|prompts?|guidelines?|directions?|constraints?|context|guardrails?|programming|restrictions?)\b"
        + @"|\byou\s+are\s+(?:now|no\s+longer)\b|\bfrom\s+now\s+on\b[^.!?\n]*\b(?:you|answer|respond|reply|only|act|talk|speak)\b"
        + @"|(?:^|[.!?]\s*)\s*(?:please\s+)?(?:act|behave)\s+as\s+(?:if\s+you\s+(?:are|were)\s+)?(?:a|an|my|the)\b|\b(?:you\s+(?:will|must|should)\s+)(?:act|behave|pretend)\b|\bpretend\s+(?:to\s+be|you\s+are|that\s+you)\b"
        + @"|\b(?:new|updated|real|actual|secret|hidden)\s+(?:instructions?|rules?|task|system\s+prompt)\b"
        + @"|\b(?:reveal|print|show|repeat|output|leak|tell\s+me|give\s+me|display)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|original\s+|hidden\s+|initial\s+)?(?:system\s+)?(?:prompt|instructions|rules|configuration)\b"
        + @"|\bsystem\s+prompt\b|\bdeveloper\s+mode\b|\bjailbreak\w*\b|\bDAN\s+mode\b"
        + @"|^\s*(?:system|assistant|developer|tool)\s*:|<\|[^|>]{1,40}\|>|\[/?INST\]|^\s*#{2,}\s*(?:instruction|system|task)"
        + @"|\b(?:respond|answer|reply|talk)\s+only\s+(?:in|with|about|as)\b|\bintent\s*[:=]|\b(?:switch|change)\s+(?:to|into)\s+\w+\s+mode\b|\brole-?play\s+as\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Instruction();

    [GeneratedRegex(@"\s{2,}|\s*\n\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
