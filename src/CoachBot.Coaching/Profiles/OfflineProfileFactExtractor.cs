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
    /// <inheritdoc/>
    public ProfileFacts Extract(string userMessage, CareerProfile current)
    {
        if (string.IsNullOrWhiteSpace(userMessage))
        {
            return ProfileFacts.None;
        }

        try
        {
            var text = new MessageText(userMessage);
            var title = RoleReader.CurrentTitle(text);
            var target = RoleReader.TargetRole(text);
            return new ProfileFacts
            {
                YearsOfExperience = ExperienceReader.Read(text, timeProvider.GetUtcNow()),
                CurrentTitle = title?.Title,
                Level = title?.Level ?? RoleReader.Level(text),
                TargetRole = target?.Fact,
                Region = RegionReader.Read(text),
                Skills = SkillReader.Read(text, current, title?.Title),
                Goals = GoalReader.Read(text, target),
                Certifications = CertificationReader.Read(text),
            };
        }
        catch (RegexMatchTimeoutException ex)
        {
            LogTimedOut(ex, userMessage.Length);
            return ProfileFacts.None;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile fact extraction timed out on a message of {Length} characters")]
    private partial void LogTimedOut(Exception exception, int length);
}
