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

    // Passage weights were chosen on the tuning part of the labelled passage questions (a grid over semantic, lexical and
    // section weights summing to 1, with label and level weights on top): recall@1 and recall@3 peaked at 0.15 / 0.20 /
    // 0.65 with label boosts of 0.15 to 0.2 and level penalties of 0.2 to 0.5, and these values sit inside that plateau.
    // A unit is too short for its embedding alone to say what kind of question it answers, hence the large section share.

    /// <summary>Passage search: weight of the passage's own meaning (normalized cosine similarity).</summary>
    [Range(0.0, 1.0)]
    public double PassageSemanticWeight { get; set; } = 0.15;

    /// <summary>Passage search: weight of the passage's own wording (normalized BM25 over passages).</summary>
    [Range(0.0, 1.0)]
    public double PassageLexicalWeight { get; set; } = 0.2;

    /// <summary>Passage search: weight of the score of the section the passage is in (the section prior).</summary>
    [Range(0.0, 1.0)]
    public double PassageSectionWeight { get; set; } = 0.65;

    /// <summary>Passage search: added to a passage whose format label ("Demand:", "Strong bullet:") the question cues.</summary>
    [Range(0.0, 1.0)]
    public double PassageLabelWeight { get; set; } = 0.2;

    /// <summary>Passage search: taken from a passage of a career level other than the one the question names.</summary>
    [Range(0.0, 1.0)]
    public double PassageLevelWeight { get; set; } = 0.3;

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
    /// Folder for the passage-embedding cache, so restarts skip the model, and for the embedding model's file, so the
    /// model loads from a file instead of from the package's resource. Relative paths are resolved against the app's
    /// folder. Null or empty: no cache, and the model is built from the resource.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The weights searches use by default.</summary>
    public RetrievalWeights Weights => new(SemanticWeight, LexicalWeight, PreferredRoleBoost, PreferredRegionBoost);

    /// <summary>The weights passage searches use by default.</summary>
    public PassageWeights PassageWeights => new(PassageSemanticWeight, PassageLexicalWeight, PassageSectionWeight, PassageLabelWeight, PassageLevelWeight);

    /// <summary>The cache folder as an absolute path, or null when caching is off.</summary>
    public string? ResolveCacheDirectory() =>
        string.IsNullOrWhiteSpace(CacheDirectory) ? null : Path.GetFullPath(CacheDirectory, AppContext.BaseDirectory);
}
