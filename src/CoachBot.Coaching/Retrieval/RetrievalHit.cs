namespace CoachBot.Coaching.Retrieval;

/// <summary>One ranked result, with the parts its score is made of.</summary>
/// <param name="Document">The section found.</param>
/// <param name="Score">Final score: the weighted fusion plus the role and region boosts. Higher ranks first.</param>
/// <param name="Cosine">Raw cosine similarity between the query and the section's best passage.</param>
/// <param name="Bm25">Raw BM25 score of the section.</param>
/// <param name="SemanticPart">Weighted, normalized cosine that went into <paramref name="Score"/>.</param>
/// <param name="LexicalPart">Weighted, normalized BM25 that went into <paramref name="Score"/>.</param>
/// <param name="Boost">Role and region boost that went into <paramref name="Score"/>.</param>
/// <param name="BestPassage">The passage of the section closest to the query in meaning.</param>
public sealed record RetrievalHit(
    RetrievalDocument Document,
    double Score,
    double Cosine,
    double Bm25,
    double SemanticPart,
    double LexicalPart,
    double Boost,
    string BestPassage);
