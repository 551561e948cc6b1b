using System.Data.Common;

namespace CoachBot.Storage.Relational;

/// <summary>
/// What differs between database engines: how to connect, the schema, how values are bound and read, and how errors
/// look. Statements themselves are plain SQL that every supported engine accepts: named parameters (@name), upserts and
/// ignored duplicates as <c>INSERT ... ON CONFLICT (...) DO UPDATE / DO NOTHING</c>, <c>RETURNING</c> instead of
/// engine-specific "last id" functions, and <c>LIMIT @n</c>. Times, booleans and JSON go through
/// <see cref="BindParameter"/> and the reading helpers, so no store knows how an engine stores them.
/// </summary>
public interface ISqlDialect
{
    /// <summary>The engine's name, for logs and health checks.</summary>
    string Name { get; }

    /// <summary>
    /// True when the engine lets one writer at a time into the database (SQLite): its writes then queue in the process
    /// and commit together (<see cref="RelationalDatabase.WriteAsync{T}"/>) instead of meeting each other's locks.
    /// </summary>
    bool SingleWriter => false;

    /// <summary>A new, closed connection.</summary>
    DbConnection CreateConnection();

    /// <summary>Runs once per opened connection (e.g. engine settings).</summary>
    Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The schema, as ordered migrations. Applied ones are recorded and never run twice.</summary>
    /// <remarks>Every dialect has the same versions: a version is one change of the schema, written once per engine.</remarks>
    IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>Creates the table that records applied migrations (version, description, applied_at) when it is missing.</summary>
    string MigrationsTableSql { get; }

    /// <summary>
    /// Keeps other processes from migrating the same database until the returned handle is disposed. Engines whose
    /// migrations serialize by themselves return a handle that does nothing.
    /// </summary>
    Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Sets <paramref name="parameter"/>'s value in the engine's own representation: <see cref="DateTimeOffset"/> as a
    /// point in time, <see cref="bool"/>, <see cref="SqlJson"/> as JSON, <see langword="null"/> as NULL, anything else as is.
    /// </summary>
    void BindParameter(DbParameter parameter, object? value);

    /// <summary>A time column (or expression) as a UTC <see cref="DateTimeOffset"/>.</summary>
    DateTimeOffset ReadTimestamp(object value);

    /// <summary>A boolean column or a condition such as <c>x IS NOT NULL</c>.</summary>
    bool ReadBoolean(object value);

    /// <summary>True when the error is a primary-key or unique-constraint violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// A condition that holds when the transcript message row aliased <c>m</c> matches the full-text query bound as
    /// <c>@q</c> (see <see cref="FullTextQuery"/>), using the engine's own text index.
    /// </summary>
    string FullTextMatch { get; }

    /// <summary>The value to bind as <c>@q</c> for free text a person typed; null when it holds no word to search for.</summary>
    string? FullTextQuery(string text);

    /// <summary>
    /// Makes deleted rows unreadable from the engine's files (logs, free pages); false when that cannot finish now.
    /// Engines that keep nothing readable after a committed delete do nothing.
    /// </summary>
    Task<bool> PurgeDeletedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>
    /// Makes writers of the same <paramref name="scope"/> (e.g. one tenant's capped rows) take turns until
    /// <paramref name="transaction"/> ends, so a check-then-write inside it cannot race another host's. Engines with a
    /// single writer at a time already do; they do nothing.
    /// </summary>
    Task LockScopeAsync(DbTransaction transaction, string scope, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>One step of the schema.</summary>
/// <param name="Version">Applied in increasing order.</param>
/// <param name="Description">What it changes.</param>
/// <param name="Sql">The statements, separated by semicolons.</param>
public sealed record SchemaMigration(int Version, string Description, string Sql);

/// <summary>A JSON document to bind as a parameter; engines with a JSON type store it as that type.</summary>
/// <param name="Text">The serialized document.</param>
public readonly record struct SqlJson(string Text);
