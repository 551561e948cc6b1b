using CoachBot.Ids;

namespace CoachBot.Conversations;

/// <summary>
/// How a user's grain tells the user's open clients about work it started itself, so a turn started from one channel
/// (Slack, Teams, another tab) shows in every other one. Delivery is best effort: a client that misses it still finds
/// the turn with <see cref="IUserGrain.GetActiveTurnAsync"/> and the history.
/// </summary>
public interface IUserNotifications
{
    /// <summary>A turn of <paramref name="user"/> started; every client except <see cref="TurnOrigin.ClientId"/> is told.</summary>
    Task TurnStartedAsync(UserKey user, TurnStarted started, TurnOrigin origin);

    /// <summary>
    /// A human coach wrote to <paramref name="user"/>: every open client is told, and when the person last wrote from a
    /// chat platform (<paramref name="address"/>) the message is posted there too.
    /// </summary>
    Task CoachMessageAsync(UserKey user, CoachMessage message, ChannelAddress? address);
}
