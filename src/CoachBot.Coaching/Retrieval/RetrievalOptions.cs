using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching.Retrieval;

/// <summary>Role-content retrieval settings. Bound from the "Retrieval" configuration section and validated on start.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary>How long a coaching turn waits for the index at start-up before answering without retrieval.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan TurnWaitForIndex { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many sections a search returns when the query does not say.</summary>
    [Range(1, 50)]
    public int TopK { get; set; } = 6;

    // The defaults were chosen on the paraphrased-question suite in the retrieval tests: hit@1 was flat for semantic
    // weights from 0.6 to 0.8 and fell below that; the boosts are the smallest that let the user's role and region
    // decide between otherwise close sections without overriding a question that clearly asks about something else.

    /// <summary>Weight of meaning (normalized cosine similarity of MiniLM embeddings).</summary>
    [Range(0.0, 1.0)]
    public double SemanticWeight { get; set; } = 0.65;

    /// <summary>Weight of word overlap (normalized BM25).</summary>
    [Range(0.0, 1.0)]
    public double LexicalWeight { get; set; } = 0.35;

    /// <summary>Added to the score of sections of the user's target role.</summary>
    [Range(0.0, 1.0)]
    public double PreferredRoleBoost { get; set; } = 0.25;

    /// <summary>Added to the score of sections of the user's region (of the target role, when there is one).</summary>
    [Range(0.0, 1.0)]
    public double PreferredRegionBoost { get; set; } = 0.15;

    /// <summary>
    /// Longest passage, in words, that one embedding covers. all-MiniLM-L6-v2 was trained on at most
    /// 256 word pieces, so longer sections are split into overlapping passages below that.
    /// </summary>
    [Range(20, 180)]
    public int PassageMaxWords { get; set; } = 120;

    /// <summary>Texts per model call. Texts are grouped by length, so a batch pads little.</summary>
    [Range(1, 128)]
    public int EmbeddingBatchSize { get; set; } = 16;

    /// <summary>Model calls run at once while the index is built (each uses one thread).</summary>
    [Range(1, 16)]
    public int EmbeddingParallelism { get; set; } = 2;

    /// <summary>
    /// Folder for the passage-embedding cache, so restarts skip the model. Relative paths are resolved
    /// against the app's folder. Null or empty: no cache.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The weights searches use by default.</summary>
    public RetrievalWeights Weights => new(SemanticWeight, LexicalWeight, PreferredRoleBoost, PreferredRegionBoost);

    /// <summary>The cache folder as an absolute path, or null when caching is off.</summary>
    public string? ResolveCacheDirectory() =>
        string.IsNullOrWhiteSpace(CacheDirectory) ? null : Path.GetFullPath(CacheDirectory, AppContext.BaseDirectory);
}
