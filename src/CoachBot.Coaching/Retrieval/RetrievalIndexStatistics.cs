namespace CoachBot.Coaching.Retrieval;

/// <summary>What went into an index and how long it took to build.</summary>
/// <param name="Documents">Sections indexed.</param>
/// <param name="Passages">Distinct texts embedded or taken from the cache: the sections' packed passages and their answer units.</param>
/// <param name="EmbeddedPassages">Texts the model embedded during this build.</param>
/// <param name="CachedPassages">Texts whose vectors came from the embedding cache (or, on an update, the previous index).</param>
/// <param name="LexicalTerms">Distinct terms in the section BM25 index.</param>
/// <param name="BuildTime">Wall-clock time of the build, from documents in hand to a searchable index.</param>
/// <param name="AnswerUnits">Answer units that <see cref="RetrievalIndex.SearchPassages(RetrievalQuery, string, string, int)"/> can return.</param>
public sealed record RetrievalIndexStatistics(
    int Documents,
    int Passages,
    int EmbeddedPassages,
    int CachedPassages,
    int LexicalTerms,
    TimeSpan BuildTime,
    int AnswerUnits);
