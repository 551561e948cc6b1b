using System.Data.Common;

namespace CoachBot.Storage.Relational;

/// <summary>
/// What differs between database engines: how to connect, the schema, and how errors look.
/// Statements themselves use named parameters (@name) that every supported engine understands.
/// </summary>
public interface ISqlDialect
{
    /// <summary>The engine's name, for logs and health checks.</summary>
    string Name { get; }

    /// <summary>A new, closed connection.</summary>
    DbConnection CreateConnection();

    /// <summary>Runs once per opened connection (e.g. engine settings).</summary>
    Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The schema, as ordered migrations. Applied ones are recorded and never run twice.</summary>
    IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>True when the error is a primary-key or unique-constraint violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// Makes deleted rows unreadable from the engine's files (logs, free pages); false when that cannot finish now.
    /// Engines that keep nothing readable after a committed delete do nothing.
    /// </summary>
    Task<bool> PurgeDeletedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>One step of the schema.</summary>
/// <param name="Version">Applied in increasing order.</param>
/// <param name="Description">What it changes.</param>
/// <param name="Sql">The statements, separated by semicolons.</param>
public sealed record SchemaMigration(int Version, string Description, string Sql);
