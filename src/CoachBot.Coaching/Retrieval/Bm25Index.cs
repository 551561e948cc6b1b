using System.Collections.Frozen;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Okapi BM25 over analyzed documents (k1 = 1.2, b = 0.75, the usual defaults), with the always-positive
/// Lucene IDF so that a term found in most documents still counts a little instead of going negative.
/// </summary>
internal sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly FrozenDictionary<string, Posting[]> _postings;
    private readonly FrozenDictionary<string, double> _idf;
    private readonly double[] _lengthNorm;

    /// <param name="documents">The terms of each document; document i scores at index i.</param>
    public Bm25Index(IReadOnlyList<IReadOnlyList<string>> documents)
    {
        DocumentCount = documents.Count;
        var postings = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        for (var doc = 0; doc < documents.Count; doc++)
        {
            foreach (var group in documents[doc].GroupBy(t => t, StringComparer.Ordinal))
            {
                if (!postings.TryGetValue(group.Key, out var list))
                {
                    postings[group.Key] = list = [];
                }

                list.Add(new Posting(doc, group.Count()));
            }
        }

        _postings = postings.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _idf = postings.ToFrozenDictionary(
            p => p.Key,
            p => Math.Log(1 + ((DocumentCount - p.Value.Count + 0.5) / (p.Value.Count + 0.5))),
            StringComparer.Ordinal);

        var averageLength = documents.Count == 0 ? 0 : documents.Average(d => d.Count);
        _lengthNorm = [.. documents.Select(d => K1 * (1 - B + (B * (averageLength == 0 ? 1 : d.Count / averageLength))))];
    }

    /// <summary>Number of documents indexed.</summary>
    public int DocumentCount { get; }

    /// <summary>Distinct terms indexed.</summary>
    public IEnumerable<string> Terms => _postings.Keys;

    /// <summary>The BM25 score of every document for weighted query terms; 0 where nothing matches.</summary>
    public double[] Score(IReadOnlyDictionary<string, double> queryTerms)
    {
        var scores = new double[DocumentCount];
        foreach (var (term, weight) in queryTerms)
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var idf = _idf[term];
            foreach (var (doc, frequency) in postings)
            {
                scores[doc] += weight * idf * frequency * (K1 + 1) / (frequency + _lengthNorm[doc]);
            }
        }

        return scores;
    }

    /// <summary>
    /// BM25 of a few small documents scored as a collection of their own: IDF and average length come from these documents
    /// only. For ranking within a subset (one page's passages) where words common to the subset should count for little
    /// even when they are rare elsewhere. Linear in documents times query terms, so meant for tens or hundreds of documents.
    /// </summary>
    public static double[] ScoreWithin(IReadOnlyList<IReadOnlyDictionary<string, int>> termCounts, IReadOnlyList<int> lengths, IReadOnlyDictionary<string, double> queryTerms)
    {
        var scores = new double[termCounts.Count];
        if (termCounts.Count == 0)
        {
            return scores;
        }

        var averageLength = lengths.Average();
        foreach (var (term, weight) in queryTerms)
        {
            var documentFrequency = termCounts.Count(d => d.ContainsKey(term));
            if (documentFrequency == 0)
            {
                continue;
            }

            var idf = Math.Log(1 + ((termCounts.Count - documentFrequency + 0.5) / (documentFrequency + 0.5)));
            for (var doc = 0; doc < termCounts.Count; doc++)
            {
                if (termCounts[doc].TryGetValue(term, out var frequency))
                {
                    var lengthNorm = K1 * (1 - B + (B * (averageLength == 0 ? 1 : lengths[doc] / averageLength)));
                    scores[doc] += weight * idf * frequency * (K1 + 1) / (frequency + lengthNorm);
                }
            }
        }

        return scores;
    }

    private readonly record struct Posting(int Document, int Frequency);
}
