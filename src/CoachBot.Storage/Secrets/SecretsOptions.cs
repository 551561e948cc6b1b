namespace CoachBot.Storage.Secrets;

/// <summary>Where the key ring that encrypts tenant secrets lives. Bound from the "Secrets" configuration section.</summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Secrets";

    /// <summary>
    /// The folder of the Data Protection key ring; empty for "keys/data-protection" in the data folder. Every host of a
    /// cluster must use the same key ring (a shared folder), or secrets written by one host cannot be read by another.
    /// </summary>
    public string? KeyDirectory { get; set; }

    /// <summary>The key ring folder as an absolute path.</summary>
    public string ResolveKeyDirectory(StorageOptions storage) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(KeyDirectory)
            ? Path.Combine(storage.ResolveDataDirectory(), "keys", "data-protection")
            : KeyDirectory);
}
