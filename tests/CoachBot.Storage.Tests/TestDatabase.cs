using System.Text;
using CoachBot.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Storage.Tests;

/// <summary>The engines a store test runs on.</summary>
public enum StorageEngine
{
    Sqlite,
    PostgreSql,
}

/// <summary>Every engine, for <c>[Theory, ClassData(typeof(StorageEngines))]</c>; PostgreSQL only left out on request.</summary>
public sealed class StorageEngines : TheoryData<StorageEngine>
{
    public StorageEngines()
    {
        Add(StorageEngine.Sqlite);
        if (!TestPostgres.OptedOut)
        {
            Add(StorageEngine.PostgreSql);
        }
    }
}

/// <summary>
/// A fresh, empty database per test on the engine the test names: a SQLite file in a temporary folder, or a database of
/// its own on the test PostgreSQL server. Reopened on demand (as after a restart); removed at the end.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly List<IDisposable> _dialects = [];
    private DirectoryInfo? _folder;
    private string? _postgresName;
    private string? _postgresConnectionString;

    /// <summary>The engine chosen by <see cref="Start"/>.</summary>
    public StorageEngine Engine { get; private set; }

    /// <summary>Creates the empty database on <paramref name="engine"/>; call once, first thing in the test.</summary>
    public void Start(StorageEngine engine)
    {
        if (_folder is not null || _postgresName is not null)
        {
            throw new InvalidOperationException("The test database has already been started.");
        }

        Engine = engine;
        if (engine == StorageEngine.PostgreSql)
        {
            var name = TestPostgres.NewDatabaseName();
            _postgresConnectionString = TestPostgres.CreateDatabase(name);
            _postgresName = name;
        }
        else
        {
            _folder = Directory.CreateTempSubdirectory("coachbot-storage-");
        }
    }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string DatabasePath => Path.Combine(
        (_folder ?? throw new InvalidOperationException("Only a SQLite test database has a file.")).FullName, "coachbot.db");

    /// <summary>A new dialect object on the same database.</summary>
    public ISqlDialect Dialect()
    {
        if (Engine == StorageEngine.PostgreSql)
        {
            var dialect = new PostgresDialect(_postgresConnectionString ?? throw NotStarted(), TimeSpan.FromSeconds(5));
            _dialects.Add(dialect);
            return dialect;
        }

        _ = _folder ?? throw NotStarted();
        return new SqliteDialect(DatabasePath, TimeSpan.FromSeconds(5));
    }

    /// <summary>A new database object on the same database, as after a restart.</summary>
    public RelationalDatabase Open(IEnumerable<IDataMigration>? dataMigrations = null) =>
        new(Dialect(), NullLogger<RelationalDatabase>.Instance, dataMigrations);

    /// <summary>
    /// The database's files on disk that hold <paramref name="text"/>: the SQLite file and its log, or on PostgreSQL the
    /// files of every table, TOAST table and index of the test database, read by the server after a checkpoint has
    /// written its buffers out.
    /// </summary>
    public async Task<IReadOnlyList<string>> FilesHoldingAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var holding = new List<string>();
        if (Engine == StorageEngine.Sqlite)
        {
            foreach (var path in Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!))
            {
                FileStream stream;
                try
                {
                    stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
                catch (FileNotFoundException)
                {
                    // SQLite removes its log when the last connection closes: a file gone since the listing holds nothing.
                    continue;
                }

                await using var opened = stream;
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken);
                if (copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(bytes) >= 0)
                {
                    holding.Add(path);
                }
            }

            return holding;
        }

        return await TestPostgres.RelationFilesHoldingAsync(_postgresConnectionString ?? throw NotStarted(), bytes, cancellationToken);
    }

    public void Dispose()
    {
        _dialects.ForEach(d => d.Dispose());
        if (_postgresName is { } name)
        {
            TestPostgres.DropDatabase(name);
        }

        if (_folder is { } folder)
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static InvalidOperationException NotStarted() => new("Call Start(engine) first.");
}
