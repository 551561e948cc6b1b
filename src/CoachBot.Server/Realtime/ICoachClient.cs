using CoachBot.Conversations;
using CoachBot.Profiles;

namespace CoachBot.Server.Realtime;

/// <summary>What the server pushes to a connected client, besides the streams it asked for.</summary>
public interface ICoachClient
{
    /// <summary>
    /// A turn started elsewhere for the same user (another tab or device, Slack, Teams); <see cref="Conversations.TurnStarted.Channel"/>
    /// says where. Attach to follow it.
    /// </summary>
    Task TurnStarted(TurnStarted turn);

    /// <summary>The profile changed from another connection of the same user.</summary>
    Task ProfileUpdated(CareerProfile profile);

    /// <summary>A human coach of the tenant wrote to the user; it is stored in the conversation (role coach).</summary>
    Task CoachMessage(CoachMessage message);
}
