namespace CoachBot.Coaching.Retrieval;

/// <summary>How the parts of a hit's score are weighted. Defaults come from <see cref="RetrievalOptions"/>.</summary>
/// <param name="Semantic">Weight of the normalized cosine similarity (0 turns embeddings off).</param>
/// <param name="Lexical">Weight of the normalized BM25 score (0 turns the lexical index off).</param>
/// <param name="PreferredRole">Added when a section belongs to the query's preferred role.</param>
/// <param name="PreferredRegion">Added when a section belongs to the query's preferred region.</param>
public readonly record struct RetrievalWeights(double Semantic, double Lexical, double PreferredRole, double PreferredRegion)
{
    /// <summary>Embeddings only, for comparisons.</summary>
    public RetrievalWeights SemanticOnly => this with { Semantic = 1, Lexical = 0 };

    /// <summary>BM25 only, for comparisons.</summary>
    public RetrievalWeights LexicalOnly => this with { Semantic = 0, Lexical = 1 };
}
