using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// Authenticated activities waiting for a worker: the endpoint answers the Bot Framework at once and a fixed set of
/// workers handles what it queued. The queue is bounded; a full queue refuses the delivery (503), and the Bot
/// Framework delivers it again. On shutdown no new activity is taken, and the workers finish what is queued and under
/// way until the host's shutdown timeout cancels them (a turn itself goes on in its grain and is stored either way).
/// </summary>
internal sealed partial class TeamsInbox : IHostedService, IDisposable
{
    private readonly Channel<TeamsWorkItem> _queue;
    private readonly TeamsActivityHandler _handler;
    private readonly TeamsOptions _options;
    private readonly ILogger<TeamsInbox> _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task[] _workers = [];

    public TeamsInbox(TeamsActivityHandler handler, IOptions<TeamsOptions> options, ILogger<TeamsInbox> logger)
    {
        _handler = handler;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<TeamsWorkItem>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
    }

    /// <summary>Queues <paramref name="item"/>; false when the queue is full or the host is stopping.</summary>
    public bool TryEnqueue(TeamsWorkItem item) => _queue.Writer.TryWrite(item);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_workers).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAbandoned(_queue.Reader.Count);
            await _abort.CancelAsync();
            await Task.WhenAll(_workers);
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task WorkAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (_abort.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                await _handler.HandleAsync(item, _abort.Token);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                LogFailed(exception, item.Tenant.Value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A Teams activity of tenant {TenantId} failed")]
    private partial void LogFailed(Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown cut short the Teams activities under way; {Queued} were still queued")]
    private partial void LogAbandoned(int queued);
}
