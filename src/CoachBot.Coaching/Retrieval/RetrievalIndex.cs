using System.Collections.Frozen;
using System.Numerics;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// An immutable, thread-safe hybrid index over role-page sections: MiniLM passage embeddings plus BM25.
/// Built by <see cref="RetrievalIndexBuilder"/>; <see cref="Search(RetrievalQuery)"/> may be called from any thread.
/// </summary>
/// <remarks>
/// Scoring: a section's semantic score is the cosine similarity of its best passage; its lexical score is BM25 over
/// the section's title and body fields. Both are normalized over the sections the caller may see (cosine min-max,
/// BM25 divided by its maximum, since a section with no query word scores exactly 0) and combined as a weighted sum,
/// then the preferred role and region boosts are added. A normalized weighted sum was chosen over reciprocal rank
/// fusion because every visible section is scored by both signals (there are no truncated candidate lists to merge),
/// and the sum keeps how decisively a signal separates sections, which rank fusion throws away: a section that wins
/// BM25 by a wide margin should not count the same as one that wins by a hair. It also puts the boosts in the same
/// units as the scores.
/// </remarks>
public sealed class RetrievalIndex
{
    private readonly ITextEmbedder _embedder;
    private readonly IndexEntry[] _entries;
    private readonly IReadOnlyList<RetrievalDocument> _documents;
    private readonly int[] _firstPassage;
    private readonly string[] _passages;
    private readonly float[] _vectors;
    private readonly int _dimensions;
    private readonly LexicalIndex _lexical;
    private readonly FrozenDictionary<string, FrozenSet<string>> _overriddenPages;

    internal RetrievalIndex(
        ITextEmbedder embedder,
        IndexEntry[] entries,
        LexicalIndex lexical,
        RetrievalWeights defaultWeights,
        int defaultTopK,
        RetrievalIndexStatistics statistics)
    {
        _embedder = embedder;
        _entries = entries;
        _dimensions = embedder.Dimensions;
        _documents = [.. entries.Select(e => e.Document)];
        _firstPassage = new int[entries.Length + 1];
        var passages = new List<string>();
        for (var d = 0; d < entries.Length; d++)
        {
            _firstPassage[d] = passages.Count;
            passages.AddRange(entries[d].Passages);
        }

        _firstPassage[entries.Length] = passages.Count;
        _passages = [.. passages];
        _vectors = new float[passages.Count * _dimensions];
        for (var d = 0; d < entries.Length; d++)
        {
            entries[d].Vectors!.CopyTo(_vectors, _firstPassage[d] * _dimensions);
        }

        _lexical = lexical;
        _overriddenPages = entries
            .Select(e => e.Document)
            .Where(d => d.TenantOverlay is not null)
            .GroupBy(d => d.TenantOverlay!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(d => PageKey(d.RoleId, d.RegionId)).ToFrozenSet(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        DefaultWeights = defaultWeights;
        DefaultTopK = defaultTopK;
        Statistics = statistics;
    }

    /// <summary>The entries, for building an updated index that reuses them.</summary>
    internal IReadOnlyList<IndexEntry> Entries => _entries;

    /// <summary>Every indexed document, shipped and overlay.</summary>
    public IReadOnlyList<RetrievalDocument> Documents => _documents;

    /// <summary>Size and build time.</summary>
    public RetrievalIndexStatistics Statistics { get; }

    /// <summary>The weights <see cref="Search(RetrievalQuery)"/> uses.</summary>
    public RetrievalWeights DefaultWeights { get; }

    /// <summary>Hits returned when a query does not say how many.</summary>
    public int DefaultTopK { get; }

    /// <summary>The best sections for the query, best first, scored with <see cref="DefaultWeights"/>.</summary>
    public IReadOnlyList<RetrievalHit> Search(RetrievalQuery query) => Search(query, DefaultWeights);

    /// <summary>The best sections for the query, best first, scored with the given weights (for tuning and comparisons).</summary>
    public IReadOnlyList<RetrievalHit> Search(RetrievalQuery query, RetrievalWeights weights)
    {
        ArgumentNullException.ThrowIfNull(query);
        var topK = query.TopK ?? DefaultTopK;
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1, nameof(query));
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            return [];
        }

        // Tenant isolation happens here, before any scoring or normalization: other tenants' overlays never compete.
        var candidates = new List<int>(_documents.Count);
        for (var i = 0; i < _documents.Count; i++)
        {
            if (IsVisible(_documents[i], query.TenantId))
            {
                candidates.Add(i);
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var queryVector = _embedder.Embed([query.Text])[0];
        // BM25 statistics (IDF, average length) span the whole index, overlays included: they shift scores a little
        // but never let a document outside the candidates through.
        var bm25 = _lexical.Score(query.Text);
        var cosine = new double[candidates.Count];
        var bestPassage = new int[candidates.Count];
        for (var c = 0; c < candidates.Count; c++)
        {
            (cosine[c], bestPassage[c]) = BestPassage(candidates[c], queryVector);
        }

        var minCosine = cosine.Min();
        var cosineRange = cosine.Max() - minCosine;
        var maxBm25 = candidates.Max(i => bm25[i]);

        var hits = new List<RetrievalHit>(candidates.Count);
        for (var c = 0; c < candidates.Count; c++)
        {
            var document = _documents[candidates[c]];
            var semantic = weights.Semantic * (cosineRange > 1e-9 ? (cosine[c] - minCosine) / cosineRange : 0);
            var lexical = weights.Lexical * (maxBm25 > 0 ? bm25[candidates[c]] / maxBm25 : 0);
            var boost = Boost(document, query, weights);
            hits.Add(new RetrievalHit(
                document, semantic + lexical + boost, cosine[c], bm25[candidates[c]], semantic, lexical, boost, _passages[bestPassage[c]]));
        }

        return
        [
            .. hits.OrderByDescending(h => h.Score)
                .ThenBy(h => h.Document.Id, StringComparer.Ordinal)
                .Take(topK),
        ];
    }

    /// <summary>
    /// Whether a query of the tenant may see the document: a tenant sees shipped documents and its own overlay documents,
    /// except the shipped documents of a page (role and region) its overlay replaces.
    /// </summary>
    public bool IsVisible(RetrievalDocument document, string? tenantId)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.IsVisibleTo(tenantId)
            && !(document.TenantOverlay is null && tenantId is not null
                && _overriddenPages.TryGetValue(tenantId, out var overridden)
                && overridden.Contains(PageKey(document.RoleId, document.RegionId)));
    }

    private static string PageKey(string roleId, string regionId) => roleId + "/" + regionId;

    private (double Cosine, int Passage) BestPassage(int document, float[] queryVector)
    {
        var best = double.NegativeInfinity;
        var bestPassage = _firstPassage[document];
        for (var p = _firstPassage[document]; p < _firstPassage[document + 1]; p++)
        {
            var similarity = Dot(_vectors.AsSpan(p * _dimensions, _dimensions), queryVector);
            if (similarity > best)
            {
                best = similarity;
                bestPassage = p;
            }
        }

        return (best, bestPassage);
    }

    /// <summary>
    /// The role boost when the section is of the preferred role. The region boost when it is of the preferred region
    /// and of the preferred role (or no role is preferred): another role's page is no more relevant for being in the
    /// user's region, but among the target role's pages (or all pages, without a target role) the user's market wins.
    /// </summary>
    private static double Boost(RetrievalDocument document, RetrievalQuery query, RetrievalWeights weights)
    {
        var roleMatches = Matches(document.RoleId, query.PreferredRoleId);
        var regionCounts = roleMatches || string.IsNullOrEmpty(query.PreferredRoleId);
        return (roleMatches ? weights.PreferredRole : 0)
            + (regionCounts && Matches(document.RegionId, query.PreferredRegionId) ? weights.PreferredRegion : 0);
    }

    private static bool Matches(string value, string? preferred) =>
        !string.IsNullOrEmpty(preferred) && string.Equals(value, preferred, StringComparison.OrdinalIgnoreCase);

    /// <summary>Dot product; vectors are unit length, so this is their cosine similarity.</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            result += a[i] * b[i];
        }

        return result;
    }
}
