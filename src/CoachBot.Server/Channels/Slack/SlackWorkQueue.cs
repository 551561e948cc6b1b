using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// The Slack work this host accepted, done in the background so every request is acknowledged within Slack's 3 seconds.
/// When the queue is full the request is refused and Slack delivers it again later. On shutdown, running replies get
/// the host's shutdown time to finish (then they are ended with a note), and work that had not started is handed back
/// to the person with a request to send it again.
/// </summary>
internal sealed class SlackWorkQueue(SlackWorkHandler handler, IOptions<SlackOptions> options, ILogger<SlackWorkQueue> logger)
    : ChannelWorkQueue<SlackWork>(options.Value.QueueCapacity, options.Value.Concurrency, logger)
{
    protected override Task HandleAsync(SlackWork work, CancellationToken cancellationToken) => handler.HandleAsync(work, cancellationToken);

    protected override Task HandBackAsync(SlackWork work, CancellationToken cancellationToken) => handler.HandBackAsync(work, cancellationToken);

    protected override string Describe(SlackWork work) => $"Slack {work.GetType().Name} for workspace {work.TeamId}";
}
