using CoachBot.Conversations;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>
/// The last line of the hub's error contract: whatever a hub method throws that is not already a coded
/// <see cref="HubException"/> (and whatever a reply stream throws while it runs) reaches the client as a coded error,
/// <c>internal_error</c> without details for bugs; the details go to the log.
/// </summary>
internal sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        object? result;
        try
        {
            result = await next(invocationContext);
        }
        catch (Exception ex) when (ex is not HubException)
        {
            throw HubErrors.Translate(ex, logger);
        }

        // Streams run after this returns; the cancellation token SignalR passes when it enumerates still applies.
        return result switch
        {
            IAsyncEnumerable<ReplyChunk> chunks => HubErrors.GuardStream(chunks, logger, CancellationToken.None),
            IAsyncEnumerable<ConversationEvent> events => HubErrors.GuardStream(events, logger, CancellationToken.None),
            _ => result,
        };
    }
}
