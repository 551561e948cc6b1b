namespace CoachBot.Coaching.Retrieval;

/// <summary>What went into an index and how long it took to build.</summary>
/// <param name="Documents">Sections indexed.</param>
/// <param name="Passages">Passages embedded or taken from the cache (a section has one or more).</param>
/// <param name="EmbeddedPassages">Passages the model embedded during this build.</param>
/// <param name="CachedPassages">Passages whose vectors came from the embedding cache.</param>
/// <param name="LexicalTerms">Distinct terms in the BM25 index.</param>
/// <param name="BuildTime">Wall-clock time of the build, from documents in hand to a searchable index.</param>
public sealed record RetrievalIndexStatistics(
    int Documents,
    int Passages,
    int EmbeddedPassages,
    int CachedPassages,
    int LexicalTerms,
    TimeSpan BuildTime);
