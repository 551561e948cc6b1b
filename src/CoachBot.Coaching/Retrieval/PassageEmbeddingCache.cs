using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// A file of passage embeddings keyed by the SHA-256 of the exact text embedded, one file per model, so a restart
/// with unchanged content embeds nothing and changed content re-embeds only the passages that changed. The file
/// is rewritten with the current passages only (stale entries drop out) through a temporary file and an atomic
/// rename; an unreadable or foreign file is ignored and replaced.
/// </summary>
internal sealed class PassageEmbeddingCache(string directory, ITextEmbedder embedder, ILogger logger)
{
    private const string Magic = "coachbot-passage-embeddings";
    private const int FormatVersion = 1;

    public string FilePath { get; } = Path.Combine(directory, FileNameFor(embedder.ModelId));

    /// <summary>The stored vectors, by key; empty when there is no usable file.</summary>
    /// <summary>
    /// An exclusive lock on the cache folder (an OS file lock, so it also holds between processes), waited for in short
    /// steps up to two minutes; after that the build goes on without it rather than fail.
    /// </summary>
    public IDisposable? AcquireBuildLock(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ".build.lock");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "The embedding cache in {Directory} stayed locked; building without waiting for it.", directory);
                return null;
            }
        }
    }

    public Dictionary<string, float[]> Load()
    {
        var entries = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(FilePath))
        {
            return entries;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(FilePath), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion
                || reader.ReadString() != embedder.ModelId || reader.ReadInt32() != embedder.Dimensions)
            {
                logger.LogWarning("Ignoring embedding cache {Path}: written by another format or model.", FilePath);
                return entries;
            }

            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var vector = new float[embedder.Dimensions];
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = reader.ReadSingle();
                }

                entries[key] = vector;
            }

            return entries;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            logger.LogWarning(ex, "Ignoring unreadable embedding cache {Path}.", FilePath);
            return new Dictionary<string, float[]>(StringComparer.Ordinal);
        }
    }

    /// <summary>Replaces the file with exactly these entries. A failure to write is logged, not thrown: the cache is optional.</summary>
    public void Save(IReadOnlyDictionary<string, float[]> entries)
    {
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(directory);
            using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(embedder.ModelId);
                writer.Write(embedder.Dimensions);
                writer.Write(entries.Count);
                foreach (var (key, vector) in entries)
                {
                    writer.Write(key);
                    foreach (var value in vector)
                    {
                        writer.Write(value);
                    }
                }
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not write the embedding cache {Path}.", FilePath);
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing else to do: a stray temporary file is harmless.
        }
    }

    /// <summary>The cache key of a text: its SHA-256 in hex.</summary>
    public static string KeyOf(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string FileNameFor(string modelId)
    {
        var safe = new string([.. modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')]);
        return $"{safe}.embeddings.bin";
    }
}
