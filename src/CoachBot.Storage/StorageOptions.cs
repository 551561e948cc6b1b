using System.ComponentModel.DataAnnotations;

namespace CoachBot.Storage;

/// <summary>Where CoachBot keeps its data. Bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The folder for the embedded database and other local data. Relative paths are resolved against the current
    /// directory. Defaults to the user's local application data folder ("~/.local/share/CoachBot" on Linux).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>
    /// The database engine: <see cref="StorageProviders.Sqlite"/> (embedded default, one file in <see cref="DataDirectory"/>)
    /// or <see cref="StorageProviders.PostgreSql"/> (a server shared by every host of a cluster; needs <see cref="ConnectionString"/>).
    /// </summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>The PostgreSQL connection string, e.g. "Host=db;Port=5432;Database=coachbot;Username=coachbot;Password=...".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite file name inside <see cref="DataDirectory"/>.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9._-]+$")]
    public string SqliteFileName { get; set; } = "coachbot.db";

    /// <summary>
    /// How long a statement may wait for a lock held by another connection (on PostgreSQL: a host waiting for another
    /// host's schema migrations, and the table locks of <c>VACUUM FULL</c> after an erasure).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default data folder.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "CoachBot");

    /// <summary>The data folder as an absolute path.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);

    /// <summary>True when <see cref="Provider"/> names PostgreSQL (in any letter case).</summary>
    public bool UsesPostgreSql => string.Equals(Provider, StorageProviders.PostgreSql, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The values of <see cref="StorageOptions.Provider"/>.</summary>
public static class StorageProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";
}
