using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Builds a <see cref="RetrievalIndex"/>: splits each section into passages, embeds them (or takes their vectors
/// from the embedding cache) and builds the BM25 index. CPU-bound and synchronous; callers run it off the request path.
/// </summary>
public sealed class RetrievalIndexBuilder(ITextEmbedder embedder, IOptions<RetrievalOptions> options, ILogger<RetrievalIndexBuilder> logger)
{
    /// <summary>Passages per embedder call: the build notices cancellation between calls.</summary>
    private const int EmbeddingChunk = 64;

    /// <summary>Builds an index over the documents; ids must be unique.</summary>
    public RetrievalIndex Build(IReadOnlyList<RetrievalDocument> documents, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value;
        Validate(documents);

        var firstPassage = new int[documents.Count + 1];
        var passages = new List<string>();
        var inputs = new List<string>();
        for (var d = 0; d < documents.Count; d++)
        {
            var document = documents[d];
            firstPassage[d] = passages.Count;
            // Each section gets a topic passage (role, region, title and the section's description), so a question
            // about a section's topic ("what skills do I need") matches it even when no single passage of its content
            // is close to the question. Content passages start with the same line: it tells the model which role,
            // region and kind of section the passage is from.
            var context = $"{Words(document.RoleId)} ({Words(document.RegionId)}), {TitleField(document)}";
            passages.Add(TitleField(document));
            inputs.Add(context);
            var split = PassageSplitter.Split(document.Text, settings.PassageMaxWords);
            passages.AddRange(split);
            inputs.AddRange(split.Select(p => $"{context}:\n{p}"));
        }

        firstPassage[documents.Count] = passages.Count;
        var (vectors, embedded) = Embed(inputs, settings, cancellationToken);
        var lexical = new LexicalIndex(
            new Bm25Index([.. documents.Select(d => EnglishAnalyzer.Analyze(TitleField(d)))]),
            new Bm25Index([.. documents.Select(d => EnglishAnalyzer.Analyze($"{Words(d.RoleId)} {Words(d.RegionId)}\n{d.Text}"))]));

        var statistics = new RetrievalIndexStatistics(
            documents.Count, passages.Count, embedded, passages.Count - embedded, lexical.TermCount, Stopwatch.GetElapsedTime(started));
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation(
                "Retrieval index built in {Milliseconds} ms: {Documents} sections, {Passages} passages ({Embedded} embedded, {Cached} cached), {Terms} terms.",
                (long)statistics.BuildTime.TotalMilliseconds, statistics.Documents, statistics.Passages, statistics.EmbeddedPassages,
                statistics.CachedPassages, statistics.LexicalTerms);
        }

        return new RetrievalIndex(
            embedder, [.. documents], firstPassage, [.. passages], vectors, lexical, settings.Weights, settings.TopK, statistics);
    }

    private (float[] Vectors, int Embedded) Embed(List<string> inputs, RetrievalOptions settings, CancellationToken cancellationToken)
    {
        var cacheDirectory = settings.ResolveCacheDirectory();
        var cache = cacheDirectory is null ? null : new PassageEmbeddingCache(cacheDirectory, embedder, logger);

        // One build at a time per cache folder, across processes: the others then find the embeddings already cached.
        using var buildLock = cache?.AcquireBuildLock(cancellationToken);
        var stored = cache?.Load() ?? [];
        var keys = inputs.Select(PassageEmbeddingCache.KeyOf).ToList();
        // Shortest first: the embedder pads each batch to its longest text, so similar lengths travel together.
        var missing = Enumerable.Range(0, inputs.Count)
            .Where(i => !stored.ContainsKey(keys[i]))
            .OrderBy(i => inputs[i].Length)
            .ToList();

        foreach (var chunk in missing.Chunk(EmbeddingChunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vectors = embedder.Embed([.. chunk.Select(i => inputs[i])]);
            for (var j = 0; j < chunk.Length; j++)
            {
                stored[keys[chunk[j]]] = vectors[j];
            }
        }

        if (missing.Count == 0)
        {
            // Everything came from the cache: load the model now, so the first query is not the one that pays for it.
            embedder.Embed(["warm up"]);
        }

        var dimensions = embedder.Dimensions;
        var flat = new float[inputs.Count * dimensions];
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = stored[keys[i]];
            if (vector.Length != dimensions)
            {
                throw new InvalidOperationException($"The embedder returned {vector.Length} dimensions; it declares {dimensions}.");
            }

            vector.CopyTo(flat, i * dimensions);
        }

        if (cache is not null && missing.Count > 0)
        {
            cache.Save(keys.Distinct(StringComparer.Ordinal).ToDictionary(k => k, k => stored[k], StringComparer.Ordinal));
        }

        return (flat, missing.Count);
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
