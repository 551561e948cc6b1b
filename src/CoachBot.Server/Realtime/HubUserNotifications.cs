using CoachBot.Conversations;
using CoachBot.Ids;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>Tells a user's hub connections what their grain started, through the user's own group.</summary>
internal sealed class HubUserNotifications(IHubContext<CoachHub, ICoachClient> hub) : IUserNotifications
{
    public Task TurnStartedAsync(UserKey user, TurnStarted started, TurnOrigin origin)
    {
        var group = user.ToGroupName();
        var clients = origin.ClientId is { } client ? hub.Clients.GroupExcept(group, client) : hub.Clients.Group(group);
        return clients.TurnStarted(started);
    }
}
