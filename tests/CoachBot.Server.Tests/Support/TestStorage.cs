using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Storage;
using CoachBot.Storage.Tests;

[assembly: AssemblyFixture(typeof(CoachBot.Server.Tests.Support.TestStorageCleanup))]

namespace CoachBot.Server.Tests.Support;

/// <summary>
/// Where the hosts of a test run keep their data: SQLite in each data folder (default), or with
/// <c>COACHBOT_TEST_STORAGE=PostgreSql</c> a PostgreSQL database per data folder on the test server, so a host started
/// again on the same folder finds the same data, as it would on SQLite.
/// </summary>
public static class TestStorage
{
    public const string Variable = "COACHBOT_TEST_STORAGE";

    private static readonly ConcurrentDictionary<string, string> Databases = new(StringComparer.Ordinal);

    /// <summary>True when this run stores on PostgreSQL.</summary>
    public static bool UsesPostgreSql => Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" => false,
        var value when value.Equals(StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase) => false,
        var value when value.Equals(StorageProviders.PostgreSql, StringComparison.OrdinalIgnoreCase) => true,
        var value => throw new InvalidOperationException($"{Variable}='{value}' is not an engine: use Sqlite (default) or PostgreSql."),
    };

    /// <summary>The storage settings of a host on <paramref name="dataDirectory"/>; empty on SQLite (the host's default).</summary>
    public static IReadOnlyDictionary<string, string> SettingsFor(string dataDirectory) =>
        UsesPostgreSql
            ? new Dictionary<string, string>
            {
                ["Storage:Provider"] = StorageProviders.PostgreSql,
                ["Storage:ConnectionString"] = Databases.GetOrAdd(DatabaseNameFor(dataDirectory), TestPostgres.EnsureDatabase),
            }
            : new Dictionary<string, string>();

    /// <summary>What holds <paramref name="text"/> on disk: files of the data folder, and on PostgreSQL the database's files too.</summary>
    public static async Task<IReadOnlyList<string>> FilesHoldingAsync(string dataDirectory, string text, CancellationToken cancellationToken)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var utf16 = Encoding.Unicode.GetBytes(text);
        var holding = new List<string>();
        foreach (var path in Directory.GetFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            // Read while the host keeps the database open, as a copy of the disk would be taken.
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (bytes.IndexOf(utf8) >= 0 || bytes.IndexOf(utf16) >= 0)
            {
                holding.Add(Path.GetFileName(path));
            }
        }

        if (UsesPostgreSql && Databases.TryGetValue(DatabaseNameFor(dataDirectory), out var connectionString))
        {
            holding.AddRange(await TestPostgres.RelationFilesHoldingAsync(connectionString, utf8, cancellationToken));
        }

        return holding;
    }

    /// <summary>Drops every database this run created.</summary>
    internal static void DropAll()
    {
        foreach (var name in Databases.Keys)
        {
            TestPostgres.DropDatabase(name);
        }

        Databases.Clear();
    }

    // One name per data folder: hosts restarted on the folder reach the same database.
    private static string DatabaseNameFor(string dataDirectory) =>
        "coachbot_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..32];
}

/// <summary>Drops the PostgreSQL databases of the run once every test has finished.</summary>
public sealed class TestStorageCleanup : IDisposable
{
    public void Dispose() => TestStorage.DropAll();
}
