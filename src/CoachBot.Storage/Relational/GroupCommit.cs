using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.ExceptionServices;

namespace CoachBot.Storage.Relational;

/// <summary>
/// The writes of an engine with one writer at a time (SQLite), made one after another by a single writer that commits
/// whatever has queued up meanwhile in one transaction: each write runs in its own savepoint, and all of them share one
/// commit and so one sync to disk. A write's task completes only after that commit, so "done" still means durable; a
/// write that fails is rolled back to its savepoint alone, and a commit that fails fails every write in it.
/// A deferred write (<see cref="WriteDeferredAsync{T}"/>) does not start a commit of its own: it goes with the next
/// commit, or commits once <see cref="MaxDeferral"/> has passed with none, so writes that only narrow what a crash could
/// lose (a streaming reply's checkpoints) share the syncs of the writes that must be durable before they answer.
/// </summary>
/// <remarks>
/// Without it every write is its own transaction on its own pooled connection: concurrent writers meet SQLITE_BUSY, and
/// the provider answers that with a blocking 150 ms sleep on the caller's thread, while each commit waits for its own sync.
/// The writer takes a pool thread only while there is something to write.
/// </remarks>
internal sealed class GroupCommit(Func<CancellationToken, Task<DbConnection>> open, TimeProvider time)
{
    /// <summary>Most writes in one transaction, so a long queue still commits (and answers) in steps.</summary>
    public const int MaxBatch = 256;

    /// <summary>The longest a deferred write waits for a commit to go with before it commits on its own.</summary>
    public static readonly TimeSpan MaxDeferral = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<Job> _pending = new();
    private readonly ConcurrentQueue<Job> _deferred = new();
    private int _draining;
    private int _deferralTimer;
    private int _deferredDue;

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var job = new Job<T>(write, cancellationToken);
        _pending.Enqueue(job);
        Drain();
        return job.Task;
    }

    public Task<T> WriteDeferredAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var job = new Job<T>(write, cancellationToken);
        _deferred.Enqueue(job);
        if (Interlocked.CompareExchange(ref _deferralTimer, 1, 0) == 0)
        {
            // One timer at a time: it is armed no earlier than the oldest deferred write still waiting, so none waits longer.
            _ = CommitDeferredWhenDueAsync();
        }

        return job.Task;
    }

    private async Task CommitDeferredWhenDueAsync()
    {
        await Task.Delay(MaxDeferral, time);
        Volatile.Write(ref _deferralTimer, 0);
        Volatile.Write(ref _deferredDue, 1);
        Drain();
    }

    private void Drain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
    }

    private async Task DrainAsync()
    {
        var batch = new List<Job>(MaxBatch);
        while (true)
        {
            // Deferred writes were queued before the writes that now start a commit, so they go first.
            if (!_pending.IsEmpty || Interlocked.Exchange(ref _deferredDue, 0) == 1)
            {
                await TakeAsync(_deferred, batch);
            }

            await TakeAsync(_pending, batch);
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
                continue;
            }

            // Nothing left: stop, unless a write arrived (or deferred ones fell due) between the last look and letting go.
            Volatile.Write(ref _draining, 0);
            if ((_pending.IsEmpty && Volatile.Read(ref _deferredDue) == 0) || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    // Moves the queue's writes into the batch, committing whenever it is full.
    private async Task TakeAsync(ConcurrentQueue<Job> queue, List<Job> batch)
    {
        while (queue.TryDequeue(out var job))
        {
            if (job.Token.IsCancellationRequested)
            {
                job.Cancel();
                continue;
            }

            batch.Add(job);
            if (batch.Count == MaxBatch)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<Job> batch)
    {
        DbConnection? connection = null;
        DbTransaction? transaction = null;
        try
        {
            connection = await open(CancellationToken.None);
            transaction = await connection.BeginTransactionAsync();
            var shared = batch.Count > 1;
            for (var i = 0; i < batch.Count; i++)
            {
                var job = batch[i];
                var savepoint = shared ? "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                if (savepoint is not null)
                {
                    await transaction.SaveAsync(savepoint);
                }

                try
                {
                    await job.RunAsync(connection, transaction);
                    if (savepoint is not null)
                    {
                        await transaction.ReleaseAsync(savepoint);
                    }
                }
                catch (Exception ex) when (savepoint is not null)
                {
                    // Only this write is undone; the others in the transaction go on. If even that is refused (the engine
                    // rolled the whole transaction back after an I/O or full-disk error), the batch fails as a whole, with
                    // this write's error.
                    job.Refuse(ex);
                    try
                    {
                        await transaction.RollbackAsync(savepoint);
                        await transaction.ReleaseAsync(savepoint);
                    }
                    catch (Exception)
                    {
                        ExceptionDispatchInfo.Throw(ex);
                    }
                }
            }

            await transaction.CommitAsync();
            foreach (var job in batch)
            {
                job.Commit();
            }
        }
        catch (Exception ex)
        {
            if (transaction is not null)
            {
                try
                {
                    await transaction.RollbackAsync();
                }
                catch (Exception)
                {
                    // The engine may already have rolled it back; the writes fail with the error that stopped them.
                }
            }

            foreach (var job in batch)
            {
                job.Fail(ex);
            }
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private abstract class Job(CancellationToken token)
    {
        public CancellationToken Token { get; } = token;

        public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

        /// <summary>The write failed on its own and was undone; the rest of the batch commits without it.</summary>
        public abstract void Refuse(Exception exception);

        /// <summary>The transaction committed: the write stands, unless it was refused.</summary>
        public abstract void Commit();

        /// <summary>The transaction did not commit: nothing of it stands.</summary>
        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class Job<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken token) : Job(token)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? _refused;
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override async Task RunAsync(DbConnection connection, DbTransaction transaction)
        {
            _refused = null;
            _result = await write(connection, transaction, Token);
        }

        public override void Refuse(Exception exception) => _refused = exception;

        public override void Commit()
        {
            if (_refused is not null)
            {
                Complete(_refused);
                return;
            }

            _completion.TrySetResult(_result!);
        }

        public override void Fail(Exception exception) => Complete(_refused ?? exception);

        public override void Cancel() => _completion.TrySetCanceled(Token);

        private void Complete(Exception exception)
        {
            if (exception is OperationCanceledException && Token.IsCancellationRequested)
            {
                _completion.TrySetCanceled(Token);
            }
            else
            {
                _completion.TrySetException(exception);
            }
        }
    }
}
