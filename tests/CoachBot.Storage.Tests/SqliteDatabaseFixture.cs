using CoachBot.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Storage.Tests;

/// <summary>A fresh SQLite file per test, reopened on demand to prove what reached the disk.</summary>
public sealed class SqliteDatabaseFixture : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coachbot-storage-");

    public string DatabasePath => Path.Combine(_folder.FullName, "coachbot.db");

    /// <summary>A new database object on the same file, as after a restart.</summary>
    public RelationalDatabase Open() =>
        new(new SqliteDialect(DatabasePath, TimeSpan.FromSeconds(5)), NullLogger<RelationalDatabase>.Instance);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
