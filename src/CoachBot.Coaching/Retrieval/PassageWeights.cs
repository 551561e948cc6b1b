namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// How the parts of a passage hit's score are weighted. Defaults come from <see cref="RetrievalOptions"/>; see
/// <see cref="RetrievalIndex.SearchPassages(RetrievalQuery, string, string, int, PassageWeights)"/> for what each part is.
/// </summary>
/// <param name="Semantic">Weight of the passage's normalized cosine similarity.</param>
/// <param name="Lexical">Weight of the passage's normalized BM25 score.</param>
/// <param name="Section">Weight of the normalized hybrid score of the section the passage belongs to.</param>
/// <param name="Label">Added to a passage whose format label the question cues (see <see cref="LabelCues"/>), scaled by how strongly; 0 turns label cues off, the section prior they lift included.</param>
/// <param name="Level">Taken from a passage of another career level than the one the question names (see <see cref="LevelCues"/>).</param>
public readonly record struct PassageWeights(double Semantic, double Lexical, double Section, double Label = 0, double Level = 0);
