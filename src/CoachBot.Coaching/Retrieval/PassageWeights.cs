namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// How the parts of a passage hit's score are weighted. Defaults come from <see cref="RetrievalOptions"/>; see
/// <see cref="RetrievalIndex.SearchPassages(RetrievalQuery, string, string, int, PassageWeights)"/> for what each part is.
/// </summary>
/// <param name="Semantic">Weight of the passage's normalized cosine similarity.</param>
/// <param name="Lexical">Weight of the passage's normalized BM25 score.</param>
/// <param name="Section">Weight of the normalized hybrid score of the section the passage belongs to.</param>
public readonly record struct PassageWeights(double Semantic, double Lexical, double Section);
