using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// Authenticated activities waiting for a worker: the endpoint answers the Bot Framework at once and a fixed set of
/// workers handles what it queued. A full queue refuses the delivery (503), and the Bot Framework delivers it again. On
/// shutdown no new activity is taken, and the workers finish what is queued and under way until the host's shutdown
/// timeout cancels them (a turn itself goes on in its grain and is stored either way).
/// </summary>
internal sealed class TeamsInbox(TeamsActivityHandler handler, IOptions<TeamsOptions> options, ILogger<TeamsInbox> logger)
    : ChannelWorkQueue<TeamsWorkItem>(options.Value.QueueCapacity, options.Value.Workers, logger)
{
    protected override Task HandleAsync(TeamsWorkItem item, CancellationToken cancellationToken) => handler.HandleAsync(item, cancellationToken);

    protected override string Describe(TeamsWorkItem item) => $"Teams activity of tenant {item.Tenant.Value}";
}
