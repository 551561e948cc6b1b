using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CoachBot.Storage.Relational;

/// <summary>
/// Opens connections to CoachBot's database and makes sure its schema is current before the first one is handed out.
/// </summary>
public sealed partial class RelationalDatabase : IDisposable
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly ISqlDialect _dialect;
    private readonly ILogger<RelationalDatabase> _logger;
    private readonly IEnumerable<IDataMigration>? _dataMigrations;
    private readonly GroupCommit? _groupCommit;
    private volatile bool _schemaReady;

    public RelationalDatabase(ISqlDialect dialect, ILogger<RelationalDatabase> logger, IEnumerable<IDataMigration>? dataMigrations = null, TimeProvider? time = null)
    {
        _dialect = dialect;
        _logger = logger;
        _dataMigrations = dataMigrations;
        _groupCommit = dialect.SingleWriter ? new GroupCommit(OpenAsync, time ?? TimeProvider.System) : null;
    }

    /// <summary>The engine in use.</summary>
    public ISqlDialect Dialect => _dialect;

    /// <summary>An open connection, with the schema created or migrated on first use.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await OpenRawAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and completes once that transaction has committed. On an engine with
    /// one writer at a time (<see cref="ISqlDialect.SingleWriter"/>) writes queue for a single writer that commits those
    /// waiting together (each in its own savepoint, so one failing write does not undo the others); elsewhere each write
    /// has its own connection and transaction. Every command of the write must use the transaction it is given.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default) =>
        _groupCommit is { } group ? group.WriteAsync(write, cancellationToken) : WriteAloneAsync(write, cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync{T}"/>, for a write that need not be durable at once (one that only narrows what a crash
    /// could lose): on an engine with one writer it starts no commit of its own but goes with the next one, or commits
    /// on its own once <see cref="GroupCommit.MaxDeferral"/> has passed; elsewhere it is written at once.
    /// </summary>
    public Task<T> WriteDeferredAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default) =>
        _groupCommit is { } group ? group.WriteDeferredAsync(write, cancellationToken) : WriteAloneAsync(write, cancellationToken);

    private async Task<T> WriteAloneAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Creates or migrates the schema. Safe to call many times, and from several processes where the dialect locks migrations.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await OpenRawAsync(cancellationToken);
            // Several hosts may start together on one database: one migrates while the others wait, then find it done.
            await using (await _dialect.LockMigrationsAsync(connection, cancellationToken))
            {
                await using (var create = connection.CreateCommand())
                {
                    create.CommandText = _dialect.MigrationsTableSql;
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                var applied = new HashSet<int>();
                await using (var read = connection.CreateCommand())
                {
                    read.CommandText = "SELECT version FROM schema_migrations";
                    await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
                    }
                }

                foreach (var migration in _dialect.Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
                {
                    await ApplyAsync(connection, migration, cancellationToken);
                }
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private async Task ApplyAsync(DbConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = migration.Sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var step in _dataMigrations ?? [])
        {
            if (step.Version == migration.Version)
            {
                await step.ApplyAsync(_dialect, transaction, cancellationToken);
            }
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @at)";
            record.AddParameter(_dialect, "@version", migration.Version);
            record.AddParameter(_dialect, "@description", migration.Description);
            record.AddParameter(_dialect, "@at", DateTimeOffset.UtcNow);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogMigrationApplied(_dialect.Name, migration.Version, migration.Description);
    }

    private async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = _dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await _dialect.PrepareConnectionAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public void Dispose() => _schemaGate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Dialect} schema migration {Version}: {Description}")]
    private partial void LogMigrationApplied(string dialect, int version, string description);
}
