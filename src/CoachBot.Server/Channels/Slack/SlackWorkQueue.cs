using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// The Slack work this host accepted, done in the background so every request is acknowledged within Slack's 3 seconds.
/// Bounded: when it is full the request is refused and Slack delivers it again later. On shutdown nothing new is
/// started; running replies get the host's shutdown time to finish (then they are ended with a note), and work that
/// had not started is handed back to the person with a request to send it again.
/// </summary>
internal sealed partial class SlackWorkQueue : IHostedService, IDisposable
{
    private readonly Channel<SlackWork> _queue;
    private readonly SlackWorkHandler _handler;
    private readonly int _concurrency;
    private readonly ILogger<SlackWorkQueue> _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task[] _workers = [];
    private volatile bool _stopping;

    public SlackWorkQueue(SlackWorkHandler handler, IOptions<SlackOptions> options, ILogger<SlackWorkQueue> logger)
    {
        _handler = handler;
        _logger = logger;
        _concurrency = options.Value.Concurrency;
        _queue = Channel.CreateBounded<SlackWork>(new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Queues the work; false when the queue is full or the host is stopping.</summary>
    public bool TryEnqueue(SlackWork work) => !_stopping && _queue.Writer.TryWrite(work);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = [.. Enumerable.Range(0, _concurrency).Select(_ => Task.Run(RunAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        // When the host's shutdown time is over, running replies are ended with a note instead of being waited for.
        await using var abort = cancellationToken.Register(_abort.Cancel);
        await Task.WhenAll(_workers);
    }

    public void Dispose() => _abort.Dispose();

    private async Task RunAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync())
        {
            try
            {
                if (_stopping)
                {
                    await _handler.HandBackAsync(work, _abort.Token);
                }
                else
                {
                    await _handler.HandleAsync(work, _abort.Token);
                }
            }
            catch (Exception ex)
            {
                LogWorkFailed(ex, work.TeamId, work.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack work {WorkKind} for workspace {TeamId} failed")]
    private partial void LogWorkFailed(Exception exception, string teamId, string workKind);
}
