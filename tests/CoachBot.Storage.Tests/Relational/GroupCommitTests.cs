using CoachBot.Storage.Relational;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Storage.Tests.Relational;

/// <summary>
/// Writes through <see cref="RelationalDatabase.WriteAsync{T}"/>: on SQLite the writes that queue behind a running one
/// commit together, each in its own savepoint; on PostgreSQL each has its own transaction. Either way a write that fails
/// takes back only itself, and a finished write is committed. A deferred write goes with the next commit, or commits on
/// its own once the deferral is up.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Writes_queued_together_all_stand_and_one_that_fails_takes_back_only_its_own_rows(StorageEngine engine)
    {
        _db.Start(engine);
        var database = _db.Open();
        await CreateTableAsync(database);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first write holds the writer, so the ten behind it queue up and (on SQLite) go into one transaction.
        var first = database.WriteAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, "first", ct);
            entered.SetResult();
            await release.Task.WaitAsync(ct);
            return 0;
        }, Cancel);
        await entered.Task.WaitAsync(Cancel);
        var queued = Enumerable.Range(0, 10).Select(i => database.WriteAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, $"v{i}", ct);
            return i == 5 ? throw new InvalidOperationException("refused") : i;
        }, Cancel)).ToList();
        release.SetResult();

        await first;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => queued[5]);
        Assert.Equal("refused", refused.Message);
        foreach (var i in Enumerable.Range(0, 10).Where(i => i != 5))
        {
            Assert.Equal(i, await queued[i]);
        }

        string[] expected = ["first", .. Enumerable.Range(0, 10).Where(i => i != 5).Select(i => $"v{i}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), await ReadAllAsync(_db.Open()));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_write_cancelled_before_it_runs_writes_nothing(StorageEngine engine)
    {
        _db.Start(engine);
        var database = _db.Open();
        await CreateTableAsync(database);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.WriteAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, "never", ct);
            return 0;
        }, cancelled.Token));
        await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, "after", ct);
            return 0;
        }, Cancel);

        Assert.Equal(["after"], await ReadAllAsync(database));
    }

    [Fact]
    public async Task A_deferred_write_goes_with_the_next_commit()
    {
        _db.Start(StorageEngine.Sqlite);
        var time = new FakeTimeProvider();
        var database = Deferring(time);
        await CreateTableAsync(database);

        var deferred = DeferInsertAsync(database, "deferred", 1);
        // No time passes: only the next write can carry it.
        Assert.Equal(2, await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, "durable", ct);
            return 2;
        }, Cancel));

        // Both were in one commit, and the deferred one answered first.
        Assert.True(deferred.IsCompletedSuccessfully);
        Assert.Equal(1, await deferred);
        Assert.Equal(["deferred", "durable"], await ReadAllAsync(_db.Open()));
    }

    [Fact]
    public async Task A_deferred_write_with_nothing_to_go_with_commits_once_the_deferral_is_up()
    {
        _db.Start(StorageEngine.Sqlite);
        var time = new FakeTimeProvider();
        var database = Deferring(time);
        await CreateTableAsync(database);

        var deferred = DeferInsertAsync(database, "deferred", 1);
        time.Advance(GroupCommit.MaxDeferral - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await ReadAllAsync(_db.Open()));
        Assert.False(deferred.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await deferred);
        Assert.Equal(["deferred"], await ReadAllAsync(_db.Open()));

        // A later one waits again, as long and no longer.
        var next = DeferInsertAsync(database, "next", 2);
        Assert.Equal(["deferred"], await ReadAllAsync(_db.Open()));
        time.Advance(GroupCommit.MaxDeferral);
        Assert.Equal(2, await next);
        Assert.Equal(["deferred", "next"], await ReadAllAsync(_db.Open()));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_deferred_write_that_fails_takes_back_only_its_own_rows(StorageEngine engine)
    {
        _db.Start(engine);
        var time = new FakeTimeProvider();
        var database = Deferring(time);
        await CreateTableAsync(database);

        var refused = database.WriteDeferredAsync<int>(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, "refused", ct);
            throw new InvalidOperationException("refused");
        }, Cancel);
        await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, "durable", ct);
            return 0;
        }, Cancel);
        time.Advance(GroupCommit.MaxDeferral);

        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => refused)).Message);
        Assert.Equal(["durable"], await ReadAllAsync(_db.Open()));
    }

    [Fact]
    public async Task The_writers_savepoints_keep_their_journal_in_memory()
    {
        _db.Start(StorageEngine.Sqlite);
        var database = _db.Open();

        // 2 is MEMORY: the statement journal of each savepoint is never a temporary file on disk.
        var tempStore = await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA temp_store";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, Cancel);

        Assert.Equal(2, tempStore);
    }

    private static Task<int> DeferInsertAsync(RelationalDatabase database, string value, int result) =>
        database.WriteDeferredAsync(async (connection, transaction, ct) =>
        {
            await InsertAsync(connection, transaction, value, ct);
            return result;
        }, Cancel);

    private RelationalDatabase Deferring(TimeProvider time) => new(_db.Dialect(), NullLogger<RelationalDatabase>.Instance, time: time);

    private static async Task CreateTableAsync(RelationalDatabase database)
    {
        await using var connection = await database.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE group_commit_probe (value TEXT NOT NULL PRIMARY KEY)";
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private static async Task InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO group_commit_probe (value) VALUES (@value)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "value";
        parameter.Value = value;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> ReadAllAsync(RelationalDatabase database)
    {
        await using var connection = await database.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM group_commit_probe";
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            values.Add(reader.GetString(0));
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }
}
