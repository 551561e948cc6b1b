using CoachBot.Storage.Relational;

namespace CoachBot.Storage.Tests.Relational;

/// <summary>
/// Writes through <see cref="RelationalDatabase.WriteAsync{T}"/>: on SQLite the writes that queue behind a running one
/// commit together, each in its own savepoint; on PostgreSQL each has its own transaction. Either way a write that fails
/// takes back only itself, and a finished write is committed.
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
