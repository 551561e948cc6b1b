using System.Text.RegularExpressions;
using CoachBot.Profiles;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Deterministic, offline fact extraction from lexicons and patterns. It reads only what the user asserts about
/// themselves: questions, hypotheticals ("If I had 5 years..."), negations ("I don't know Kubernetes"), reported speech
/// and statements about other people ("My manager has 15 years of experience") yield nothing.
/// </summary>
public sealed partial class OfflineProfileFactExtractor(TimeProvider timeProvider, ILogger<OfflineProfileFactExtractor> logger)
    : IProfileFactExtractor
{
    // Statements that between them run every reader's patterns to the end.
    private static readonly string[] WarmUpMessages =
    [
        "I'm a data engineer with 3 years of experience in Berlin, Germany. I know Python, SQL and Kubernetes, I hold the "
            + "AWS Certified Solutions Architect, and I want to become a senior machine learning engineer.",
        "Hi, senior backend developer here, working as a tech lead since 2019; my goal is to move into engineering management.",
    ];

    // The readers' patterns are large: the first match of each compiles its code, which takes seconds on a busy machine
    // and counts against the match timeout, so a person's first message could lose its facts. It is paid once per
    // process, before any message is read, and the host pays it at start (ProfileReadersWarmUp).
    private static readonly Lazy<bool> Warm = new(WarmUpReaders, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs every reader once, so the first message read later is read at full speed.</summary>
    public static void WarmUp() => _ = Warm.Value;

    /// <inheritdoc/>
    public ProfileFacts Extract(string userMessage, CareerProfile current)
    {
        if (string.IsNullOrWhiteSpace(userMessage))
        {
            return ProfileFacts.None;
        }

        WarmUp();
        try
        {
            return Read(userMessage, current, timeProvider.GetUtcNow());
        }
        catch (RegexMatchTimeoutException ex)
        {
            LogTimedOut(ex, userMessage.Length);
            return ProfileFacts.None;
        }
    }

    private static ProfileFacts Read(string userMessage, CareerProfile current, DateTimeOffset now)
    {
        var text = new MessageText(userMessage);
        var title = RoleReader.CurrentTitle(text);
        var target = RoleReader.TargetRole(text);
        return new ProfileFacts
        {
            YearsOfExperience = ExperienceReader.Read(text, now),
            CurrentTitle = title?.Title,
            Level = title?.Level ?? RoleReader.Level(text),
            TargetRole = target?.Fact,
            Region = RegionReader.Read(text),
            Skills = SkillReader.Read(text, current, title?.Title),
            Goals = GoalReader.Read(text, target),
            Certifications = CertificationReader.Read(text),
        };
    }

    private static bool WarmUpReaders()
    {
        foreach (var message in WarmUpMessages)
        {
            try
            {
                Read(message, CareerProfile.Empty, DateTimeOffset.UnixEpoch);
            }
            catch (RegexMatchTimeoutException)
            {
                // A match that timed out while its code was compiled has still compiled it.
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile fact extraction timed out on a message of {Length} characters")]
    private partial void LogTimedOut(Exception exception, int length);
}
