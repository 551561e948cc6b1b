using System.Security.Cryptography;
using CoachBot.Server.Cluster;
using CoachBot.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

/// <summary>
/// The key that signs and validates session tokens: configured, or created once and kept in the data folder (in Redis
/// when the host is one of a cluster, so every front end accepts every other's tokens).
/// </summary>
public sealed class SigningKeyProvider
{
    private readonly Lazy<SymmetricSecurityKey> _key;

    public SigningKeyProvider(IOptions<SessionTokenOptions> sessions, IOptions<StorageOptions> storage, SharedSigningKey? shared = null) =>
        _key = new Lazy<SymmetricSecurityKey>(() => new SymmetricSecurityKey(
            string.IsNullOrEmpty(sessions.Value.SigningKey) && shared is not null ? shared.GetOrCreate() : LoadOrCreate(sessions.Value, storage.Value)) { KeyId = "session-1" },
            // A failure (Redis not reachable yet) is not remembered: the next request tries again.
            LazyThreadSafetyMode.PublicationOnly);

    public SymmetricSecurityKey Key => _key.Value;

    private static byte[] LoadOrCreate(SessionTokenOptions sessions, StorageOptions storage)
    {
        if (!string.IsNullOrEmpty(sessions.SigningKey))
        {
            return Convert.FromBase64String(sessions.SigningKey);
        }

        var folder = Path.Combine(storage.ResolveDataDirectory(), "keys");
        var path = Path.Combine(folder, "session-signing.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(folder);
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        return key;
    }
}
