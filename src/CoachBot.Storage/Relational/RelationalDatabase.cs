using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CoachBot.Storage.Relational;

/// <summary>
/// Opens connections to CoachBot's database and makes sure its schema is current before the first one is handed out.
/// </summary>
public sealed partial class RelationalDatabase(ISqlDialect dialect, ILogger<RelationalDatabase> logger, IEnumerable<IDataMigration>? dataMigrations = null) : IDisposable
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>The engine in use.</summary>
    public ISqlDialect Dialect => dialect;

    /// <summary>An open connection, with the schema created or migrated on first use.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await OpenRawAsync(cancellationToken);
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
            await using (await dialect.LockMigrationsAsync(connection, cancellationToken))
            {
                await using (var create = connection.CreateCommand())
                {
                    create.CommandText = dialect.MigrationsTableSql;
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

                foreach (var migration in dialect.Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
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

        foreach (var step in dataMigrations ?? [])
        {
            if (step.Version == migration.Version)
            {
                await step.ApplyAsync(dialect, transaction, cancellationToken);
            }
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @at)";
            record.AddParameter(dialect, "version", migration.Version);
            record.AddParameter(dialect, "description", migration.Description);
            record.AddParameter(dialect, "at", DateTimeOffset.UtcNow);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogMigrationApplied(dialect.Name, migration.Version, migration.Description);
    }

    private async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await dialect.PrepareConnectionAsync(connection, cancellationToken);
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
