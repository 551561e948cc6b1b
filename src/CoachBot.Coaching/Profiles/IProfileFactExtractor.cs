using CoachBot.Profiles;

namespace CoachBot.Coaching.Profiles;

/// <summary>Finds the facts a user states about themselves in a message, to keep their career profile current.</summary>
public interface IProfileFactExtractor
{
    /// <summary>
    /// The facts the message states about the user, now and as true. Questions, hypotheticals, negations and statements
    /// about other people yield nothing. <paramref name="current"/> is the profile as it stands, for statements relative to it.
    /// </summary>
    ProfileFacts Extract(string userMessage, CareerProfile current);
}
