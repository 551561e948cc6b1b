using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Channels;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>Tells a user's hub connections what their grain started, through the user's own group.</summary>
internal sealed class HubUserNotifications(IHubContext<CoachHub, ICoachClient> hub, ChannelCoachMessages channels) : IUserNotifications
{
    public Task TurnStartedAsync(UserKey user, TurnStarted started, TurnOrigin origin)
    {
        var group = user.ToGroupName();
        var clients = origin.ClientId is { } client ? hub.Clients.GroupExcept(group, client) : hub.Clients.Group(group);
        return clients.TurnStarted(started);
    }

    public async Task CoachMessageAsync(UserKey user, CoachMessage message, ChannelAddress? address)
    {
        await hub.Clients.Group(user.ToGroupName()).CoachMessage(message);
        if (address is not null)
        {
            await channels.PostAsync(user.Tenant, message, address, CancellationToken.None);
        }
    }
}
