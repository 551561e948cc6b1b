namespace CoachBot.Tenancy;

/// <summary>
/// The platform deliveries already taken, shared by every host: Slack and Teams deliver an event again when they did not
/// see an answer in time, and the second delivery must not start a second turn, whichever host it reaches.
/// </summary>
public interface IChannelEventLog
{
    /// <summary>
    /// Records delivery <paramref name="eventId"/> of <paramref name="channel"/>; true for the first delivery, false when
    /// any host has taken it before. Entries older than <paramref name="keep"/> are forgotten.
    /// </summary>
    Task<bool> TryTakeAsync(string channel, string eventId, DateTimeOffset at, TimeSpan keep, CancellationToken cancellationToken = default);
}
