using System.Threading.Channels;

namespace CoachBot.Server.Channels;

/// <summary>
/// Chat-platform work this host accepted, done by a fixed set of background workers so the platform's request is
/// answered at once. Bounded: when it is full <see cref="TryEnqueue"/> refuses and the platform delivers again later.
/// On shutdown nothing new is taken; work still queued goes to <see cref="HandBackAsync"/>, and when the host's
/// shutdown time is over the work under way is cancelled (a turn itself goes on in its grain and is stored either way).
/// </summary>
internal abstract class ChannelWorkQueue<TWork> : IHostedService, IDisposable
{
    private readonly Channel<TWork> _queue;
    private readonly int _workerCount;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task[] _workers = [];
    private volatile bool _stopping;
    private int _cutShort;

    protected ChannelWorkQueue(int capacity, int workers, ILogger logger)
    {
        _workerCount = workers;
        _logger = logger;
        _queue = Channel.CreateBounded<TWork>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Queues the work; false when the queue is full or the host is stopping.</summary>
    public bool TryEnqueue(TWork work) => !_stopping && _queue.Writer.TryWrite(work);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = [.. Enumerable.Range(0, _workerCount).Select(_ => Task.Run(RunAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(_abort.Cancel))
        {
            await Task.WhenAll(_workers);
        }

        if (_cutShort > 0)
        {
            ChannelWorkLog.CutShort(_logger, _cutShort);
        }
    }

    public void Dispose() => _abort.Dispose();

    /// <summary>Does the work.</summary>
    protected abstract Task HandleAsync(TWork work, CancellationToken cancellationToken);

    /// <summary>Work still queued when the host stops: finished by default.</summary>
    protected virtual Task HandBackAsync(TWork work, CancellationToken cancellationToken) => HandleAsync(work, cancellationToken);

    /// <summary>Says which work failed, for the log.</summary>
    protected abstract string Describe(TWork work);

    private async Task RunAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await (_stopping ? HandBackAsync(work, _abort.Token) : HandleAsync(work, _abort.Token));
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref _cutShort);
            }
            catch (Exception exception)
            {
                ChannelWorkLog.Failed(_logger, exception, Describe(work));
            }
        }
    }
}

internal static partial class ChannelWorkLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Chat-platform work failed: {Work}")]
    public static partial void Failed(ILogger logger, Exception exception, string work);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown cut short {Count} pieces of chat-platform work")]
    public static partial void CutShort(ILogger logger, int count);
}
