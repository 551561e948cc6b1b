namespace CoachBot.Coaching.Retrieval;

/// <summary>The state of the retrieval index.</summary>
public enum RetrievalIndexState
{
    /// <summary>The index is being built; searches wait.</summary>
    Building,

    /// <summary>The index is searchable.</summary>
    Ready,

    /// <summary>The build failed or was stopped; searches throw. See <see cref="HybridRetriever.Failure"/>.</summary>
    Failed,
}

/// <summary>
/// The entry point for searching role content. Holds the index that <see cref="RetrievalIndexBuildService"/> builds at
/// start-up; <see cref="IsReady"/> is the readiness signal for health checks, and <see cref="SearchAsync"/> waits for
/// the build. Thread-safe.
/// </summary>
/// <remarks>
/// Indexes are immutable snapshots. A tenant overlay change builds a new snapshot and swaps it in with
/// <see cref="TryReplace"/>; a search that already holds the previous snapshot finishes on it, the next one sees the new.
/// </remarks>
public sealed class HybridRetriever
{
    private readonly TaskCompletionSource<RetrievalIndex> _index = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RetrievalIndex? _current;

    /// <summary>Whether the index is built and searchable.</summary>
    public bool IsReady => _index.Task.IsCompletedSuccessfully;

    /// <summary>Building, ready or failed.</summary>
    public RetrievalIndexState State => _index.Task.Status switch
    {
        TaskStatus.RanToCompletion => RetrievalIndexState.Ready,
        TaskStatus.Faulted or TaskStatus.Canceled => RetrievalIndexState.Failed,
        _ => RetrievalIndexState.Building,
    };

    /// <summary>Why the build failed, when it did.</summary>
    public Exception? Failure => _index.Task.Exception?.InnerException;

    /// <summary>The current index, or null until it is ready.</summary>
    public RetrievalIndex? Index => IsReady ? Volatile.Read(ref _current) : null;

    /// <summary>The current index once it is ready; throws when the build failed or was stopped.</summary>
    public async Task<RetrievalIndex> WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        await _index.Task.WaitAsync(cancellationToken);
        return Volatile.Read(ref _current)!;
    }

    /// <summary>
    /// Makes <paramref name="replacement"/> the current index if <paramref name="expected"/> still is; false when another
    /// update came first (the caller rebuilds from the new current index) or the index is not ready.
    /// </summary>
    public bool TryReplace(RetrievalIndex expected, RetrievalIndex replacement)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        return IsReady && ReferenceEquals(Interlocked.CompareExchange(ref _current, replacement, expected), expected);
    }

    /// <summary>Waits for the index, then searches it with the configured weights.</summary>
    public async Task<IReadOnlyList<RetrievalHit>> SearchAsync(RetrievalQuery query, CancellationToken cancellationToken = default)
    {
        var index = await WaitUntilReadyAsync(cancellationToken);
        return index.Search(query);
    }

    /// <summary>Makes the index searchable. Only the first outcome counts.</summary>
    internal bool Publish(RetrievalIndex index)
    {
        if (Interlocked.CompareExchange(ref _current, index, null) is not null)
        {
            return false;
        }

        return _index.TrySetResult(index);
    }

    /// <summary>Marks the build as failed (or, for a cancellation, stopped). Only the first outcome counts.</summary>
    internal bool Fail(Exception exception) => exception is OperationCanceledException canceled
        ? _index.TrySetCanceled(canceled.CancellationToken)
        : _index.TrySetException(exception);
}
