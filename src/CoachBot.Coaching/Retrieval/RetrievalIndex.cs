using System.Collections.Frozen;
using System.Numerics;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// An immutable, thread-safe hybrid index over role-page sections and their answer units: MiniLM embeddings plus BM25.
/// Built by <see cref="RetrievalIndexBuilder"/>. <see cref="Search(RetrievalQuery)"/> ranks sections across pages;
/// <see cref="SearchPassages(RetrievalQuery, string, string, int)"/> finds the lines of one page that answer a question.
/// Both may be called from any thread.
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
    private const string CareerLevelsSection = "career-levels";

    private readonly ITextEmbedder _embedder;
    private readonly IndexEntry[] _entries;
    private readonly IReadOnlyList<RetrievalDocument> _documents;
    private readonly int[] _firstPassage;
    private readonly string[] _passages;
    private readonly int[] _passageVector;
    private readonly int[] _firstUnit;
    private readonly AnswerUnit[] _units;
    private readonly int[] _unitVector;
    private readonly float[] _vectors;
    private readonly int _dimensions;
    private readonly LexicalIndex _lexical;
    private readonly IReadOnlyDictionary<string, int>[] _unitTermCounts;
    private readonly int[] _unitLengths;
    private readonly FrozenDictionary<string, FrozenSet<string>> _overriddenPages;

    internal RetrievalIndex(
        ITextEmbedder embedder,
        IndexEntry[] entries,
        LexicalIndex lexical,
        RetrievalWeights defaultWeights,
        PassageWeights defaultPassageWeights,
        int defaultTopK,
        RetrievalIndexStatistics statistics)
    {
        _embedder = embedder;
        _entries = entries;
        _dimensions = embedder.Dimensions;
        _documents = [.. entries.Select(e => e.Document)];
        _firstPassage = new int[entries.Length + 1];
        _firstUnit = new int[entries.Length + 1];
        var passages = new List<string>();
        var passageVector = new List<int>();
        var units = new List<AnswerUnit>();
        var unitVector = new List<int>();
        var inputs = 0;
        for (var d = 0; d < entries.Length; d++)
        {
            _firstPassage[d] = passages.Count;
            _firstUnit[d] = units.Count;
            passages.AddRange(entries[d].Passages);
            passageVector.AddRange(entries[d].PassageInputs.Select(i => inputs + i));
            units.AddRange(entries[d].Units);
            unitVector.AddRange(entries[d].UnitInputs.Select(i => inputs + i));
            inputs += entries[d].Inputs.Length;
        }

        _firstPassage[entries.Length] = passages.Count;
        _firstUnit[entries.Length] = units.Count;
        _passages = [.. passages];
        _passageVector = [.. passageVector];
        _units = [.. units];
        _unitVector = [.. unitVector];
        _vectors = new float[inputs * _dimensions];
        var offset = 0;
        foreach (var entry in entries)
        {
            entry.Vectors!.CopyTo(_vectors, offset);
            offset += entry.Vectors!.Length;
        }

        _lexical = lexical;
        var unitTerms = entries.SelectMany(e => e.UnitTerms).ToArray();
        _unitTermCounts = [.. unitTerms.Select(t => (IReadOnlyDictionary<string, int>)t.CountBy(term => term, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal))];
        _unitLengths = [.. unitTerms.Select(t => t.Count)];
        _overriddenPages = entries
            .Select(e => e.Document)
            .Where(d => d.TenantOverlay is not null)
            .GroupBy(d => d.TenantOverlay!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(d => PageKey(d.RoleId, d.RegionId)).ToFrozenSet(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        DefaultWeights = defaultWeights;
        DefaultPassageWeights = defaultPassageWeights;
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

    /// <summary>The weights <see cref="SearchPassages(RetrievalQuery, string, string, int)"/> uses.</summary>
    public PassageWeights DefaultPassageWeights { get; }

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
    /// The answer units of one page (role and region) that best answer the question, best first, scored with
    /// <see cref="DefaultPassageWeights"/>. Only sections the query's tenant may see take part (<see cref="IsVisible"/>):
    /// a tenant whose overlay replaces the page gets the overlay's passages.
    /// </summary>
    public IReadOnlyList<PassageHit> SearchPassages(RetrievalQuery query, string roleId, string regionId, int topK) =>
        SearchPassages(query, roleId, regionId, topK, DefaultPassageWeights);

    /// <summary>The answer units of one page that best answer the question, scored with the given weights (for tuning).</summary>
    /// <remarks>
    /// <para>
    /// A passage is an answer unit (<see cref="AnswerUnitSplitter"/>): a bullet, a paragraph or sentence group, or one
    /// level's block. Its score adds three parts, each normalized over the page's passages so that weights mean the same
    /// on every page:
    /// </para>
    /// <list type="bullet">
    /// <item>meaning: the cosine similarity of the question and the unit (embedded with its role, section title and
    /// sub-heading or label), min-max normalized, since cosines of unrelated texts sit well above 0 and only their
    /// spread tells units apart;</item>
    /// <item>wording: BM25 of the unit's own words (and its label), with the page's units as the collection (IDF and
    /// average length from them), divided by the page's best: a unit naming the exact thing asked ("remote", "degree",
    /// "one page") stands out from its neighbours, while words found all over the page, such as the role's name, count
    /// for little;</item>
    /// <item>the section prior: the section's hybrid score among the page's sections, the same blend of best-passage
    /// cosine and title-plus-body BM25 as <see cref="Search(RetrievalQuery)"/>, with its section descriptions. A unit is
    /// short and says little about what kind of question it answers; the section says that ("is there a lot of demand"
    /// belongs in the market signals, not in a milestone that mentions demand). A unit whose format label the question
    /// cues takes the best section's score instead, in proportion to how strongly it is cued;</item>
    /// <item>the format: a boost for a unit whose label the question cues (<see cref="LabelCues"/>), and a penalty for a
    /// unit of a career level other than the one the question names (<see cref="LevelCues"/>). Both read structure the
    /// role-content format guarantees on every page, so they carry over to pages written later.</item>
    /// </list>
    /// <para>
    /// Words naming the page's own role are left out of both BM25 scores (<see cref="EnglishAnalyzer.RoleTerms"/>).
    /// </para>
    /// <para>
    /// The prior is a tie-breaker between sections, not a filter: a unit that matches the question clearly still wins
    /// when its section is only the second best, which is the point of ranking units across the whole page instead of
    /// picking the best section first. The default weights were chosen on the tuning part of the labelled passage
    /// questions in the tests, with the held-out part checked only afterwards.
    /// </para>
    /// </remarks>
    public IReadOnlyList<PassageHit> SearchPassages(RetrievalQuery query, string roleId, string regionId, int topK, PassageWeights weights)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(regionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            return [];
        }

        var sections = new List<int>();
        for (var i = 0; i < _documents.Count; i++)
        {
            var document = _documents[i];
            if (string.Equals(document.RoleId, roleId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(document.RegionId, regionId, StringComparison.OrdinalIgnoreCase)
                && IsVisible(document, query.TenantId))
            {
                sections.Add(i);
            }
        }

        if (sections.All(s => _firstUnit[s + 1] == _firstUnit[s]))
        {
            return [];
        }

        var queryVector = _embedder.Embed([query.Text])[0];
        // Words naming the page's own role ("backend developer", "PMs") run through the whole page and say nothing about
        // which line answers; left in, they pull the overview and whichever lines repeat the role's name.
        var queryTerms = EnglishAnalyzer.AnalyzeQuery(query.Text, EnglishAnalyzer.RoleTerms(roleId));
        var sectionScore = SectionPrior(sections, queryTerms, queryVector);
        var cued = LabelCues.Cued(query.Text);
        var levels = LevelCues.Of(sections
            .Where(s => _documents[s].SectionId == CareerLevelsSection)
            .SelectMany(s => _units.AsSpan(_firstUnit[s], _firstUnit[s + 1] - _firstUnit[s]).ToArray()));
        var askedLevels = levels.Asked(query.Text);
        var units = new List<(int Section, int Unit, double Cosine)>();
        for (var c = 0; c < sections.Count; c++)
        {
            for (var u = _firstUnit[sections[c]]; u < _firstUnit[sections[c] + 1]; u++)
            {
                units.Add((c, u, Dot(VectorOf(_unitVector[u]), queryVector)));
            }
        }

        // The page's passages are their own BM25 collection: a word that runs through the whole page (the role's name,
        // "PMs" on the product manager page) says nothing about which line answers, however rare it is on other pages.
        var pageBm25 = Bm25Index.ScoreWithin(
            [.. units.Select(u => _unitTermCounts[u.Unit])], [.. units.Select(u => _unitLengths[u.Unit])], queryTerms);
        var unitBm25 = new Dictionary<int, double>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            unitBm25[units[i].Unit] = pageBm25[i];
        }

        var minCosine = units.Min(u => u.Cosine);
        var cosineRange = units.Max(u => u.Cosine) - minCosine;
        var maxBm25 = pageBm25.Max();
        var labelStrength = units.Select(u => LabelCues.Strength(_units[u.Unit], cued)).ToArray();
        var maxStrength = labelStrength.Max();
        var bestSection = sectionScore.Max();
        return
        [
            .. units
                .Select((u, i) =>
                {
                    var semantic = weights.Semantic * (cosineRange > 1e-9 ? (u.Cosine - minCosine) / cosineRange : 0);
                    var lexical = weights.Lexical * (maxBm25 > 0 ? unitBm25[u.Unit] / maxBm25 : 0);
                    var cue = weights.Label > 0 && maxStrength > 0 ? labelStrength[i] / (double)maxStrength : 0;
                    // A cued label says which kind of question the unit answers, which is what the section prior is for:
                    // "is it hard to find jobs" belongs in the market signals even when its words point at the pitfalls.
                    var prior = weights.Section * Math.Max(sectionScore[u.Section], cue * bestSection);
                    var level = levels.LevelOf(_units[u.Unit]);
                    // A unit of the level the question names rises a little (the salary line of "mid-level" over a
                    // general pay line); units of other levels drop.
                    var format = (weights.Label * cue)
                        + (askedLevels.Count > 0 && level >= 0 ? (askedLevels.Contains(level) ? weights.Level / 6 : -weights.Level) : 0);
                    return (u.Unit, Hit: new PassageHit(
                        _documents[sections[u.Section]], _units[u.Unit].Text, _units[u.Unit].Context, semantic + lexical + prior + format,
                        u.Cosine, unitBm25[u.Unit], sectionScore[u.Section], semantic, lexical, prior, format));
                })
                .OrderByDescending(h => h.Hit.Score)
                .ThenBy(h => h.Unit)
                .Take(topK)
                .Select(h => h.Hit),
        ];
    }

    /// <summary>
    /// Each section's hybrid score among the given sections, from 0 to 1: the default semantic and lexical weights applied
    /// to the normalized best-passage cosine and section BM25, as <see cref="Search(RetrievalQuery)"/> does, without boosts.
    /// </summary>
    private double[] SectionPrior(List<int> sections, IReadOnlyDictionary<string, double> queryTerms, float[] queryVector)
    {
        var bm25 = _lexical.Score(queryTerms);
        var cosine = sections.Select(s => BestPassage(s, queryVector).Cosine).ToArray();
        var minCosine = cosine.Min();
        var cosineRange = cosine.Max() - minCosine;
        var maxBm25 = sections.Max(s => bm25[s]);
        var total = DefaultWeights.Semantic + DefaultWeights.Lexical;
        return
        [
            .. sections.Select((s, c) => total <= 0 ? 0 :
                ((DefaultWeights.Semantic * (cosineRange > 1e-9 ? (cosine[c] - minCosine) / cosineRange : 0))
                    + (DefaultWeights.Lexical * (maxBm25 > 0 ? bm25[s] / maxBm25 : 0))) / total),
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
            var similarity = Dot(VectorOf(_passageVector[p]), queryVector);
            if (similarity > best)
            {
                best = similarity;
                bestPassage = p;
            }
        }

        return (best, bestPassage);
    }

    private ReadOnlySpan<float> VectorOf(int input) => _vectors.AsSpan(input * _dimensions, _dimensions);

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
