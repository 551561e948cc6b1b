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

    /// <summary>The database engine. "Sqlite" (embedded default) is the one built in today.</summary>
    [Required, AllowedValues("Sqlite")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite file name inside <see cref="DataDirectory"/>.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9._-]+$")]
    public string SqliteFileName { get; set; } = "coachbot.db";

    /// <summary>How long a statement may wait for a lock held by another connection.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default data folder.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "CoachBot");

    /// <summary>The data folder as an absolute path.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}
