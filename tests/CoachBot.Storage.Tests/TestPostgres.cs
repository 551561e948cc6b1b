using Npgsql;

namespace CoachBot.Storage.Tests;

/// <summary>
/// The PostgreSQL server the tests create their databases on, named by an admin connection string in
/// <see cref="ServerVariable"/> (test.sh starts a throwaway server and sets it). Without it, PostgreSQL cases fail with
/// a message saying so, unless <see cref="OptOutVariable"/> is set.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "COACHBOT_TEST_POSTGRES";
    public const string OptOutVariable = "COACHBOT_TEST_WITHOUT_POSTGRES";

    /// <summary>True when the developer chose to run without PostgreSQL.</summary>
    public static bool OptedOut => Environment.GetEnvironmentVariable(OptOutVariable) is "1" or "true";

    /// <summary>A connection string with rights to create and drop databases.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"This test runs on PostgreSQL and {ServerVariable} is not set. Run ./test.sh (it starts a throwaway PostgreSQL), " +
                $"or set {ServerVariable} to an admin connection string such as \"Host=127.0.0.1;Port=5432;Username=postgres\", " +
                $"or set {OptOutVariable}=1 to leave PostgreSQL out.");

    /// <summary>A new database name no other test uses.</summary>
    public static string NewDatabaseName() => "coachbot_test_" + Guid.NewGuid().ToString("N");

    /// <summary>Creates the empty database <paramref name="name"/> and returns a connection string to it.</summary>
    public static string CreateDatabase(string name)
    {
        var admin = AdminConnectionString;
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The name is generated above (letters, digits, underscores), never input.
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }

        return ConnectionStringFor(name);
    }

    /// <summary>A connection string to the database <paramref name="name"/> on the test server.</summary>
    public static string ConnectionStringFor(string name) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;

    /// <summary>Creates the database <paramref name="name"/> unless it exists, and returns a connection string to it.</summary>
    public static string EnsureDatabase(string name)
    {
        try
        {
            return CreateDatabase(name);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return ConnectionStringFor(name);
        }
    }

    /// <summary>
    /// The files of every table, TOAST table and index of the database behind <paramref name="connectionString"/> whose
    /// bytes contain <paramref name="text"/>, as the server reads them after a checkpoint has written its buffers out.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RelationFilesHoldingAsync(string connectionString, ReadOnlyMemory<byte> text, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var checkpoint = new NpgsqlCommand("CHECKPOINT", connection))
        {
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var files = new NpgsqlCommand("""
            SELECT path, pg_read_binary_file(path) FROM (
                SELECT pg_relation_filepath(c.oid) AS path
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i')) AS relations
            WHERE path IS NOT NULL
            """, connection);
        var holding = new List<string>();
        await using var reader = await files.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetFieldValue<byte[]>(1).AsSpan().IndexOf(text.Span) >= 0)
            {
                holding.Add(reader.GetString(0));
            }
        }

        return holding;
    }

    /// <summary>Drops the database, closing whatever connections are still open on it.</summary>
    public static void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
