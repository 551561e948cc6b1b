using System.Globalization;
using CoachBot.Storage.Relational;

namespace CoachBot.Storage.Tests.Relational;

/// <summary>The schema on every engine: the same migrations, applied once even when hosts start together.</summary>
public sealed class RelationalDatabaseTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_dialect_has_the_same_migration_versions()
    {
        using var postgres = new PostgresDialect("Host=127.0.0.1", TimeSpan.FromSeconds(5));
        var sqlite = new SqliteDialect(Path.Combine(Path.GetTempPath(), "coachbot-unopened.db"), TimeSpan.FromSeconds(5));

        var sqliteVersions = sqlite.Migrations.Select(m => m.Version).ToArray();
        var postgresVersions = postgres.Migrations.Select(m => m.Version).ToArray();

        // A migration added to one dialect needs its counterpart (same version, same change) in the other.
        Assert.True(
            sqliteVersions.SequenceEqual(postgresVersions),
            $"SQLite has migrations [{string.Join(", ", sqliteVersions)}] but PostgreSQL has [{string.Join(", ", postgresVersions)}]: "
            + "write the missing ones in the other dialect with the same version numbers.");
        Assert.Equal(sqliteVersions.Order(), sqliteVersions);
        Assert.Equal(sqliteVersions.Distinct(), sqliteVersions);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Hosts_starting_together_on_an_empty_database_apply_each_migration_once(StorageEngine engine)
    {
        _db.Start(engine);
        var hosts = Enumerable.Range(0, 6).Select(_ => _db.Open()).ToArray();
        using var start = new Barrier(hosts.Length);

        await Task.WhenAll(hosts.Select(host => Task.Run(
            async () =>
            {
                start.SignalAndWait(Cancel);
                await host.EnsureSchemaAsync(Cancel);
            },
            Cancel)));

        await using var connection = await _db.Open().OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        var applied = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(_db.Dialect().Migrations.Select(m => m.Version), applied);
        foreach (var host in hosts)
        {
            host.Dispose();
        }
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Times_booleans_and_json_round_trip_through_the_dialect(StorageEngine engine)
    {
        _db.Start(engine);
        var dialect = _db.Dialect();
        var at = new DateTimeOffset(2026, 11, 1, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4560);
        await using var connection = await _db.Open().OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @at, @yes, @no, @at < @later";
        command.AddParameter(dialect, "@at", at);
        command.AddParameter(dialect, "@later", at.AddTicks(10));
        command.AddParameter(dialect, "@yes", true);
        command.AddParameter(dialect, "@no", false);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        Assert.True(await reader.ReadAsync(Cancel));

        var read = reader.GetTimestamp(dialect, 0);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(at.UtcDateTime, read.UtcDateTime);
        Assert.True(reader.GetBoolean(dialect, 1));
        Assert.False(reader.GetBoolean(dialect, 2));
        Assert.True(reader.GetBoolean(dialect, 3));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Text_and_json_holding_a_nul_character_are_stored(StorageEngine engine)
    {
        _db.Start(engine);
        var dialect = _db.Dialect();
        await using var connection = await _db.Open().OpenAsync(Cancel);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO grain_state (state_name, grain_id, etag, payload, modified_at) VALUES (@state, @grain, @etag, @payload, @at)";
            insert.AddParameter(dialect, "@state", "nul\0state");
            insert.AddParameter(dialect, "@grain", "g");
            insert.AddParameter(dialect, "@etag", "e");
            // An escaped NUL, and an escaped backslash followed by the letters "u0000", which is text and stays as it is.
            insert.AddParameter(dialect, "@payload", new SqlJson("""{"a":"x\u0000y","b":"\\u0000"}"""));
            insert.AddParameter(dialect, "@at", DateTimeOffset.UnixEpoch);
            await insert.ExecuteNonQueryAsync(Cancel);
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT state_name, payload FROM grain_state";
        await using var reader = await read.ExecuteReaderAsync(Cancel);
        Assert.True(await reader.ReadAsync(Cancel));
        using var payload = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
        // PostgreSQL text cannot hold U+0000: it keeps the replacement character in its place.
        var nul = engine == StorageEngine.Sqlite ? "\0" : "\uFFFD";
        Assert.Equal($"nul{nul}state", reader.GetString(0));
        Assert.Equal($"x{nul}y", payload.RootElement.GetProperty("a").GetString());
        Assert.Equal("\\u0000", payload.RootElement.GetProperty("b").GetString());
    }
}
