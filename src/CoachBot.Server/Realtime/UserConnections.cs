using System.Collections.Concurrent;
using CoachBot.Ids;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>The hub connections open on this host, by user, so an erased user's connections can be ended at once.</summary>
public sealed class UserConnections
{
    private readonly ConcurrentDictionary<string, (UserKey User, HubCallerContext Context)> _open = new(StringComparer.Ordinal);

    internal void Add(UserKey user, HubCallerContext context) => _open[context.ConnectionId] = (user, context);

    internal void Remove(HubCallerContext context) => _open.TryRemove(context.ConnectionId, out _);

    /// <summary>Closes every connection of <paramref name="user"/> on this host; returns how many there were.</summary>
    public int EndAll(UserKey user)
    {
        var ended = 0;
        foreach (var (_, open) in _open.Where(entry => entry.Value.User == user))
        {
            open.Context.Abort();
            ended++;
        }

        return ended;
    }
}
