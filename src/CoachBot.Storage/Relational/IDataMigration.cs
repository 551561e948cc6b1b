using System.Data.Common;

namespace CoachBot.Storage.Relational;

/// <summary>
/// The part of a schema migration that needs code rather than SQL (e.g. encrypting values). It runs right after the SQL
/// of the same <see cref="Version"/>, in the same transaction, so the migration is recorded only when both succeeded.
/// </summary>
public interface IDataMigration
{
    /// <summary>The schema migration this step belongs to.</summary>
    int Version { get; }

    /// <summary>Changes rows through <paramref name="transaction"/>, binding values through <paramref name="dialect"/>; must be safe to run on rows it already changed.</summary>
    Task ApplyAsync(ISqlDialect dialect, DbTransaction transaction, CancellationToken cancellationToken);
}
