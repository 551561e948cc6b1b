using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Builds a <see cref="RetrievalIndex"/>: splits each section into passages, embeds them (or takes their vectors
/// from the embedding cache) and builds the BM25 index. CPU-bound and synchronous; callers run it off the request path.
/// <see cref="ReplaceTenantDocuments"/> makes an updated copy of an index in which only the changed documents are
/// prepared and embedded again.
/// </summary>
public sealed class RetrievalIndexBuilder(ITextEmbedder embedder, IOptions<RetrievalOptions> options, ILogger<RetrievalIndexBuilder> logger)
{
    /// <summary>Passages per embedder call: the build notices cancellation between calls.</summary>
    private const int EmbeddingChunk = 64;

    /// <summary>Builds an index over the documents; ids must be unique.</summary>
    public RetrievalIndex Build(IReadOnlyList<RetrievalDocument> documents, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        Validate(documents);
        var entries = documents.Select(Prepare).ToArray();
        var embedded = Embed(entries, [], cancellationToken);
        return Assemble(entries, embedded, started, "built");
    }

    /// <summary>
    /// Loads the embedding model and runs it once, so the first query does not pay for loading it. A build that took
    /// every vector from the cache never loaded the model; start-up calls this after publishing the index, off the path
    /// to readiness (a query that comes first waits for the same load, never a second one).
    /// </summary>
    public void WarmUp() => embedder.Embed(["warm up"]);

    /// <summary>
    /// A copy of <paramref name="previous"/> in which the overlay documents of the given tenants are replaced by
    /// <paramref name="documents"/> (all of which must belong to one of those tenants; none removes them). Every other
    /// document keeps its vectors and terms; new passages are taken from the previous index or the embedding cache
    /// when their text is already known, and embedded otherwise. The previous index is not changed.
    /// </summary>
    public RetrievalIndex ReplaceTenantDocuments(
        RetrievalIndex previous, IReadOnlyCollection<string> tenants, IReadOnlyList<RetrievalDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var started = Stopwatch.GetTimestamp();
        var replaced = new HashSet<string>(tenants, StringComparer.Ordinal);
        var foreign = documents.FirstOrDefault(d => d.TenantOverlay is null || !replaced.Contains(d.TenantOverlay));
        if (foreign is not null)
        {
            throw new ArgumentException($"Document '{foreign.Id}' is not an overlay document of the tenants being replaced.", nameof(documents));
        }

        var kept = previous.Entries.Where(e => e.Document.TenantOverlay is null || !replaced.Contains(e.Document.TenantOverlay)).ToList();
        Validate([.. kept.Select(e => e.Document), .. documents]);
        var added = documents.Select(Prepare).ToArray();
        var entries = kept.Concat(added).ToArray();

        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var dimensions = embedder.Dimensions;
        foreach (var entry in previous.Entries)
        {
            for (var p = 0; p < entry.Keys.Length; p++)
            {
                known.TryAdd(entry.Keys[p], entry.Vectors!.AsSpan(p * dimensions, dimensions).ToArray());
            }
        }

        var embedded = Embed(added, known, cancellationToken);
        return Assemble(entries, embedded, started, "updated");
    }

    private RetrievalIndex Assemble(IndexEntry[] entries, int embedded, long started, string verb)
    {
        var settings = options.Value;
        var lexical = new LexicalIndex(
            new Bm25Index([.. entries.Select(e => e.TitleTerms)]),
            new Bm25Index([.. entries.Select(e => e.BodyTerms)]));
        var passages = entries.Sum(e => e.Keys.Length);
        var statistics = new RetrievalIndexStatistics(
            entries.Length, passages, embedded, passages - embedded, lexical.TermCount, Stopwatch.GetElapsedTime(started), entries.Sum(e => e.Units.Length));
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation(
                "Retrieval index {Verb} in {Milliseconds} ms: {Documents} sections, {AnswerUnits} answer units, {Passages} embedded texts ({Embedded} embedded now, {Cached} cached), {Terms} terms.",
                verb, (long)statistics.BuildTime.TotalMilliseconds, statistics.Documents, statistics.AnswerUnits, statistics.Passages,
                statistics.EmbeddedPassages, statistics.CachedPassages, statistics.LexicalTerms);
        }

        return new RetrievalIndex(embedder, entries, lexical, settings.Weights, settings.PassageWeights, settings.TopK, statistics);
    }

    /// <summary>The passages, answer units, embedding inputs and lexical terms of one document; its vectors come later.</summary>
    private IndexEntry Prepare(RetrievalDocument document)
    {
        // Each section gets a topic passage (role, region, title and the section's description), so a question
        // about a section's topic ("what skills do I need") matches it even when no single passage of its content
        // is close to the question. Content passages start with the same line: it tells the model which role,
        // region and kind of section the passage is from.
        var context = $"{Words(document.RoleId)} ({Words(document.RegionId)}), {TitleField(document)}";
        var split = PassageSplitter.Split(document.Text, options.Value.PassageMaxWords);
        string[] passages = [TitleField(document), .. split];
        var inputs = new List<string>();
        var inputIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] passageInputs = [InputOf(context), .. split.Select(p => InputOf($"{context}:\n{p}"))];

        // Answer units carry the section title and their sub-heading or label, without the section description: the
        // description is the same for every unit of a section and would pull them all toward the section's topic, while
        // the passage search wants what tells one unit from the next. The description still counts through the section prior.
        var unitContext = $"{Words(document.RoleId)} ({Words(document.RegionId)}), {document.Title}";
        var units = AnswerUnitSplitter.Split(document.Text).ToArray();
        int[] unitInputs = [.. units.Select(u => InputOf(u.Context is null || u.Text.StartsWith(u.Context, StringComparison.Ordinal)
            ? $"{unitContext}:\n{u.Text}"
            : $"{unitContext}, {u.Context}:\n{u.Text}"))];
        return new IndexEntry(
            document,
            passages,
            passageInputs,
            units,
            unitInputs,
            [.. inputs],
            EnglishAnalyzer.Analyze(TitleField(document)),
            EnglishAnalyzer.Analyze($"{Words(document.RoleId)} {Words(document.RegionId)}\n{document.Text}"),
            [.. units.Select(u => EnglishAnalyzer.Analyze(u.Context is null ? u.Text : $"{u.Context}\n{u.Text}"))]);

        // Identical inputs (a one-line section is both its passage and its unit) are embedded once.
        int InputOf(string input)
        {
            if (!inputIndex.TryGetValue(input, out var index))
            {
                inputIndex[input] = index = inputs.Count;
                inputs.Add(input);
            }

            return index;
        }
    }

    /// <summary>
    /// Gives every entry its vectors: from <paramref name="known"/>, else the embedding cache, else the model. Returns how
    /// many passages the model embedded. The cache file is rewritten when anything was embedded.
    /// </summary>
    private int Embed(IndexEntry[] entries, Dictionary<string, float[]> known, CancellationToken cancellationToken)
    {
        var keys = entries.SelectMany(e => e.Keys).Distinct(StringComparer.Ordinal).ToList();
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            for (var p = 0; p < entry.Keys.Length; p++)
            {
                inputs.TryAdd(entry.Keys[p], entry.Inputs[p]);
            }
        }

        var embedded = 0;
        if (keys.Any(k => !known.ContainsKey(k)))
        {
            var cacheDirectory = options.Value.ResolveCacheDirectory();
            var cache = cacheDirectory is null ? null : new PassageEmbeddingCache(cacheDirectory, embedder, logger);

            // One build at a time per cache folder, across processes: the others then find the embeddings already cached.
            using var buildLock = cache?.AcquireBuildLock(cancellationToken);
            var stored = cache?.Load() ?? new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var key in keys.Where(k => !known.ContainsKey(k) && stored.ContainsKey(k)))
            {
                known[key] = stored[key];
            }

            // Shortest first: the embedder pads each batch to its longest text, so similar lengths travel together.
            var missing = keys.Where(k => !known.ContainsKey(k)).OrderBy(k => inputs[k].Length).ToList();
            foreach (var chunk in missing.Chunk(EmbeddingChunk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var vectors = embedder.Embed([.. chunk.Select(k => inputs[k])]);
                for (var j = 0; j < chunk.Length; j++)
                {
                    known[chunk[j]] = stored[chunk[j]] = vectors[j];
                }
            }

            embedded = missing.Count;
            if (cache is not null && missing.Count > 0)
            {
                // What this index uses plus, on an update, what the previous index used: stale passages drop out.
                cache.Save(known);
            }
        }

        var dimensions = embedder.Dimensions;
        foreach (var entry in entries)
        {
            var flat = new float[entry.Keys.Length * dimensions];
            for (var p = 0; p < entry.Keys.Length; p++)
            {
                var vector = known[entry.Keys[p]];
                if (vector.Length != dimensions)
                {
                    throw new InvalidOperationException($"The embedder returned {vector.Length} dimensions; it declares {dimensions}.");
                }

                vector.CopyTo(flat, p * dimensions);
            }

            entry.SetVectors(flat);
        }

        return embedded;
    }

    private static string TitleField(RetrievalDocument document)
    {
        var description = SectionDescriptions.For(document.SectionId);
        return description.Length == 0 ? document.Title : $"{document.Title} ({description})";
    }

    private static string Words(string slug) => slug.Replace('-', ' ');

    private static void Validate(IReadOnlyList<RetrievalDocument> documents)
    {
        foreach (var document in documents)
        {
            if (string.IsNullOrWhiteSpace(document.Id) || string.IsNullOrWhiteSpace(document.RoleId)
                || string.IsNullOrWhiteSpace(document.RegionId) || string.IsNullOrWhiteSpace(document.SectionId)
                || string.IsNullOrWhiteSpace(document.Title))
            {
                throw new ArgumentException($"Document '{document.Id}' lacks an id, role, region, section or title.", nameof(documents));
            }
        }

        var duplicates = documents.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ArgumentException($"Document ids must be unique; repeated: {string.Join(", ", duplicates)}.", nameof(documents));
        }
    }
}
