namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// The lexical side of the hybrid index: two BM25 fields, a section's title (with its section description) and its
/// body (with role and region names), scored separately and added, as in BM25F. Keeping the title apart stops a
/// long body from diluting the strongest evidence of what a section is about.
/// </summary>
internal sealed class LexicalIndex(Bm25Index title, Bm25Index body)
{
    /// <summary>How much a title match counts against a body match.</summary>
    public const double TitleWeight = 1.0;

    /// <summary>Distinct terms across both fields.</summary>
    public int TermCount { get; } = title.Terms.Union(body.Terms, StringComparer.Ordinal).Count();

    /// <summary>The lexical score of every document for the query (synonyms expanded); 0 where nothing matches.</summary>
    public double[] Score(string query) => Score(EnglishAnalyzer.AnalyzeQuery(query));

    /// <summary>The lexical score of every document for already analyzed, weighted query terms.</summary>
    public double[] Score(IReadOnlyDictionary<string, double> terms)
    {
        var scores = body.Score(terms);
        var titleScores = title.Score(terms);
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] += TitleWeight * titleScores[i];
        }

        return scores;
    }
}
