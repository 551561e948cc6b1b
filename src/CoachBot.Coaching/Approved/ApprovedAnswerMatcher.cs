using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Retrieval;
using CoachBot.Ids;
using CoachBot.Review;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Approved;

/// <summary>
/// Finds the answer a tenant's coaches approved for the question being asked: same tenant, a role and region that fit
/// the turn's (an answer without one fits any), and a question that means the same. Each tenant's answers are read from
/// the store at most once per <see cref="ApprovedAnswerOptions.RefreshInterval"/> (at once after a change made on this
/// host) and their questions are embedded once.
/// </summary>
/// <remarks>
/// "The same question" is judged on both the meaning (cosine of the MiniLM embeddings) and the words, and never across a
/// difference that changes the answer: a different career level ("junior" against "senior") or different numbers
/// ("3 years" against "10 years"). A near miss is worse than no match, because an approved answer is presented as the
/// coaching team's word; so the thresholds are strict, and below them the reply is written as usual.
/// </remarks>
public sealed partial class ApprovedAnswerMatcher(
    IApprovedAnswerStore store,
    ITextEmbedder embedder,
    TimeProvider time,
    IOptions<ApprovedAnswerOptions> options,
    ILogger<ApprovedAnswerMatcher> logger)
{
    private readonly ConcurrentDictionary<TenantId, Lazy<Task<TenantAnswers>>> _tenants = new();
    private readonly ConcurrentDictionary<TenantId, ConcurrentDictionary<string, float[]>> _embeddings = new();

    /// <summary>The best approved answer for the question in this scope, or null when none means the same.</summary>
    /// <param name="tenant">Whose answers.</param>
    /// <param name="question">The person's own words.</param>
    /// <param name="roleId">The role the turn is about, or null when none is known.</param>
    /// <param name="regionId">The region of the turn's role page, or null.</param>
    /// <param name="cancellationToken">Stops the store read.</param>
    public async Task<ApprovedAnswerMatch?> FindAsync(TenantId tenant, string question, string? roleId, string? regionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return null;
        }

        TenantAnswers answers;
        try
        {
            answers = await AnswersOfAsync(tenant, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Approved answers improve a reply; a store that cannot be read must not stop it.
            LogUnreadable(ex, tenant.Value);
            return null;
        }

        var inScope = answers.Entries.Where(e => Fits(e.Answer.RoleId, roleId) && Fits(e.Answer.RegionId, regionId)).ToList();
        if (inScope.Count == 0)
        {
            return null;
        }

        var asked = QuestionShape.Of(question);
        var candidates = inScope.Where(e => asked.Compatible(e.Shape) && asked.WordOverlap(e.Shape) >= options.Value.MinimumWordOverlap).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var vector = embedder.Embed([asked.Text])[0];
        ApprovedAnswerMatch? best = null;
        foreach (var entry in candidates)
        {
            var similarity = Cosine(vector, EmbeddingOf(tenant, entry));
            var overlap = asked.WordOverlap(entry.Shape);
            if (!Accepts(similarity, overlap) || (best is not null && similarity <= best.Similarity))
            {
                continue;
            }

            best = new ApprovedAnswerMatch(entry.Answer, similarity, overlap);
        }

        return best;
    }

    /// <summary>Forgets what was read for the tenant, so its next turn reads the store again.</summary>
    public void Invalidate(TenantId tenant) => _tenants.TryRemove(tenant, out _);

    private bool Accepts(double similarity, double overlap)
    {
        var o = options.Value;
        return similarity >= o.MinimumSimilarity || (similarity >= o.MinimumSimilarityWithSameWords && overlap >= o.SameWordsOverlap);
    }

    private static bool Fits(string? scope, string? value) =>
        scope is null || (value is not null && string.Equals(scope, value, StringComparison.OrdinalIgnoreCase));

    private async Task<TenantAnswers> AnswersOfAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = _tenants.GetOrAdd(tenant, t => new Lazy<Task<TenantAnswers>>(() => LoadAsync(t)));
            TenantAnswers answers;
            try
            {
                answers = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed read is not kept: the next turn tries again.
                _tenants.TryRemove(new KeyValuePair<TenantId, Lazy<Task<TenantAnswers>>>(tenant, lazy));
                throw;
            }

            if (time.GetUtcNow() - answers.ReadAt < options.Value.RefreshInterval)
            {
                return answers;
            }

            _tenants.TryRemove(new KeyValuePair<TenantId, Lazy<Task<TenantAnswers>>>(tenant, lazy));
        }
    }

    // Read without the caller's token: several turns may wait on one read, and one of them giving up must not fail the rest.
    private async Task<TenantAnswers> LoadAsync(TenantId tenant)
    {
        var answers = await store.ListApprovedAnswersAsync(tenant, CancellationToken.None);
        var entries = answers.Select(a => new Entry(a, QuestionShape.Of(a.Question))).ToList();

        // Embeddings outlive a refresh, but not the answers they were made for: a deleted or reworded one is dropped.
        if (_embeddings.TryGetValue(tenant, out var embedded))
        {
            var current = entries.Select(EmbeddingKey).ToHashSet(StringComparer.Ordinal);
            foreach (var key in embedded.Keys.Where(k => !current.Contains(k)))
            {
                embedded.TryRemove(key, out _);
            }
        }

        return new TenantAnswers(time.GetUtcNow(), entries);
    }

    private float[] EmbeddingOf(TenantId tenant, Entry entry) =>
        _embeddings.GetOrAdd(tenant, _ => new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal))
            .GetOrAdd(EmbeddingKey(entry), _ => embedder.Embed([entry.Shape.Text])[0]);

    private static string EmbeddingKey(Entry entry) => entry.Answer.Id + "\n" + entry.Shape.Text;

    private static double Cosine(float[] a, float[] b)
    {
        // The embedder returns unit vectors: the dot product is the cosine.
        var dot = 0.0;
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approved answers of {TenantId} could not be read; replies are written without them")]
    private partial void LogUnreadable(Exception exception, string tenantId);

    private sealed record TenantAnswers(DateTimeOffset ReadAt, IReadOnlyList<Entry> Entries);

    private sealed record Entry(ApprovedAnswer Answer, QuestionShape Shape);
}

/// <summary>An approved answer that fits the turn, with how close its question came.</summary>
/// <param name="Answer">The approved answer.</param>
/// <param name="Similarity">Cosine of the two questions' embeddings.</param>
/// <param name="WordOverlap">Share of content words the two questions have in common (0 to 1).</param>
public sealed record ApprovedAnswerMatch(ApprovedAnswer Answer, double Similarity, double WordOverlap);

/// <summary>What of a question decides whether another question is the same one.</summary>
internal sealed partial record QuestionShape(string Text, IReadOnlySet<string> Words, IReadOnlySet<string> Levels, IReadOnlySet<string> Numbers)
{
    public static QuestionShape Of(string question)
    {
        var text = Spaces().Replace(question.Trim(), " ");
        var levels = LevelWords().Matches(text).Select(m => Level(m.Value)).ToHashSet(StringComparer.Ordinal);
        var numbers = Figures().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return new QuestionShape(text, EnglishAnalyzer.Analyze(text).ToHashSet(StringComparer.Ordinal), levels, numbers);
    }

    /// <summary>False when the two ask about different levels or different figures, whatever their words share.</summary>
    public bool Compatible(QuestionShape other) => Levels.SetEquals(other.Levels) && Numbers.SetEquals(other.Numbers);

    /// <summary>Shared content words over the content words of the longer question (Jaccard would punish a short one twice).</summary>
    public double WordOverlap(QuestionShape other)
    {
        var larger = Math.Max(Words.Count, other.Words.Count);
        return larger == 0 ? 0 : (double)Words.Count(other.Words.Contains) / larger;
    }

    private static string Level(string word)
    {
        var w = word.ToLowerInvariant();
        return w switch
        {
            "jr" or "entry level" or "entry-level" or "new grad" or "graduate" => "junior",
            "sr" => "senior",
            "mid level" or "mid-level" or "midlevel" or "intermediate" => "mid",
            _ => w.TrimEnd('s'),
        };
    }

    [GeneratedRegex(@"\b(?:junior|jr|entry[\s-]level|mid[\s-]?level|intermediate|senior|sr|staff|principal|lead|new\s+grad|graduate|intern)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelWords();

    [GeneratedRegex(@"\d+(?:[.,]\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Figures();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
