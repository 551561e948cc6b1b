using CoachBot.Coaching.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>Index building, caching and filtering, with a stand-in embedder so these run in milliseconds.</summary>
public sealed class RetrievalIndexBuilderTests : IDisposable
{
    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("coachbot-retrieval-").FullName;

    public void Dispose() => Directory.Delete(_cacheDirectory, recursive: true);

    [Fact]
    public void Every_section_gets_a_topic_passage_plus_its_content_passages_and_answer_units()
    {
        var embedder = new HashingEmbedder();
        var documents = Documents();

        var index = Builder(embedder).Build(documents, Token);

        // One line each: the topic passage, the content passage and the line as an answer unit (with its own context).
        Assert.Equal(documents.Count, index.Statistics.Documents);
        Assert.Equal(documents.Count, index.Statistics.AnswerUnits);
        Assert.Equal(3 * documents.Count, index.Statistics.Passages);
        Assert.Equal(index.Statistics.Passages, index.Statistics.EmbeddedPassages);
        Assert.Equal(index.Statistics.Passages, embedder.TextsEmbedded);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
    {
        var documents = Documents();
        documents.Add(documents[0] with { Title = "Another" });

        var error = Assert.Throws<ArgumentException>(() => Builder(new HashingEmbedder()).Build(documents, Token));
        Assert.Contains(documents[0].Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebuild_with_the_cache_embeds_nothing_and_ranks_the_same()
    {
        var first = Builder(new HashingEmbedder(), _cacheDirectory).Build(Documents(), Token);
        var embedder = new HashingEmbedder();

        var second = Builder(embedder, _cacheDirectory).Build(Documents(), Token);

        Assert.Equal(0, second.Statistics.EmbeddedPassages);
        Assert.Equal(second.Statistics.Passages, second.Statistics.CachedPassages);
        Assert.Equal(0, embedder.TextsEmbedded); // the model is not even loaded: start-up warms it up after publishing
        var query = new RetrievalQuery("salary for backend developers", TopK: 4);
        Assert.Equal(first.Search(query).Select(h => (h.Document.Id, h.Score)), second.Search(query).Select(h => (h.Document.Id, h.Score)));
    }

    [Fact]
    public void A_changed_section_re_embeds_only_its_own_passages()
    {
        Builder(new HashingEmbedder(), _cacheDirectory).Build(Documents(), Token);
        var changed = Documents();
        changed[1] = changed[1] with { Text = "- A completely new bullet about negotiation." };
        var embedder = new HashingEmbedder();

        var index = Builder(embedder, _cacheDirectory).Build(changed, Token);

        // The section's content passage and its one answer unit.
        Assert.Equal(2, index.Statistics.EmbeddedPassages);
        Assert.Equal(2, embedder.TextsEmbedded);
    }

    [Fact]
    public void A_damaged_cache_file_is_ignored_and_replaced()
    {
        var embedder = new HashingEmbedder();
        Builder(embedder, _cacheDirectory).Build(Documents(), Token);
        var file = Assert.Single(CacheFiles());
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);

        var rebuilt = Builder(new HashingEmbedder(), _cacheDirectory).Build(Documents(), Token);
        var again = Builder(new HashingEmbedder(), _cacheDirectory).Build(Documents(), Token);

        Assert.Equal(rebuilt.Statistics.Passages, rebuilt.Statistics.EmbeddedPassages);
        Assert.Equal(0, again.Statistics.EmbeddedPassages);
        Assert.Single(CacheFiles());
    }

    // The build lock lives beside the cache files.
    private string[] CacheFiles() => [.. Directory.GetFiles(_cacheDirectory).Where(f => Path.GetFileName(f) != ".build.lock")];

    [Fact]
    public void Overlays_are_filtered_by_tenant_before_scoring()
    {
        var documents = Documents();
        documents.Add(Document("acme/salary", "salary", "Salary at Acme", "- Acme pays engineers on a public salary band.", tenant: "acme"));
        var index = Builder(new HashingEmbedder()).Build(documents, Token);
        var query = "salary band at acme";

        Assert.Contains(index.Search(new RetrievalQuery(query, TenantId: "acme", TopK: 10)), h => h.Document.Id == "acme/salary");
        Assert.DoesNotContain(index.Search(new RetrievalQuery(query, TenantId: "globex", TopK: 10)), h => h.Document.TenantOverlay is not null);
        Assert.DoesNotContain(index.Search(new RetrievalQuery(query, TopK: 10)), h => h.Document.TenantOverlay is not null);
        Assert.DoesNotContain(index.Search(new RetrievalQuery(query, TenantId: "ACME", TopK: 10)), h => h.Document.TenantOverlay is not null);
    }

    [Fact]
    public void Replacing_a_tenants_documents_ranks_exactly_as_a_full_build_and_embeds_only_the_new_passages()
    {
        var shipped = Documents();
        var acmeOld = Document("acme/backend-developer/usa/salary", "salary", "Salary at Acme", "- Acme pays on a public band.", tenant: "acme");
        var globex = Document("globex/backend-developer/usa/salary", "salary", "Salary at Globex", "- Globex pays on a secret band.", tenant: "globex");
        var previous = Builder(new HashingEmbedder(), _cacheDirectory).Build([.. shipped, acmeOld, globex], Token);
        var acmeNew = acmeOld with { Text = "- Acme pays engineers on a published salary band with yearly reviews." };
        var embedder = new HashingEmbedder();

        var updated = Builder(embedder, _cacheDirectory).ReplaceTenantDocuments(previous, ["acme"], [acmeNew], Token);
        var full = Builder(new HashingEmbedder()).Build([.. shipped, globex, acmeNew], Token);

        Assert.Equal(2, updated.Statistics.EmbeddedPassages);
        Assert.Equal(2, embedder.TextsEmbedded);
        foreach (var tenant in new string?[] { "acme", "globex", null })
        {
            var query = new RetrievalQuery("salary band reviews", tenant, TopK: 10);
            Assert.Equal(full.Search(query).Select(h => (h.Document.Id, h.Score)), updated.Search(query).Select(h => (h.Document.Id, h.Score)));
        }

        Assert.Contains(previous.Documents, d => d == acmeOld);
        Assert.DoesNotContain(updated.Documents, d => d == acmeOld);
    }

    [Fact]
    public void Removing_a_tenants_documents_shows_it_the_shipped_page_again()
    {
        var shipped = Documents();
        var acme = Document("acme/backend-developer/usa/salary", "salary", "Salary at Acme", "- Acme pays on a public band.", tenant: "acme");
        var builder = Builder(new HashingEmbedder());
        var previous = builder.Build([.. shipped, acme], Token);
        var query = new RetrievalQuery("salary", "acme", TopK: 10);
        Assert.Equal([acme.Id], previous.Search(query).Select(h => h.Document.Id));

        var updated = builder.ReplaceTenantDocuments(previous, ["acme"], [], Token);

        Assert.Equal(shipped.Count, updated.Search(query).Count);
        Assert.All(updated.Search(query), h => Assert.Null(h.Document.TenantOverlay));
        Assert.Throws<ArgumentException>(() => builder.ReplaceTenantDocuments(previous, ["globex"], [acme], Token));
    }

    [Fact]
    public void Passage_search_stays_on_the_page_asked_about_and_respects_tenant_overlays()
    {
        var documents = Documents();
        documents.Add(new RetrievalDocument(
            "backend-developer/germany/salary", null, "backend-developer", "germany", "salary", "Salary and market signals", "- Remote feasibility: high in Germany.", "2026.11.1"));
        var acme = Document("acme/backend-developer/usa/salary", "salary", "Salary at Acme", "- Remote feasibility at Acme: two office days.", tenant: "acme");
        var index = Builder(new HashingEmbedder()).Build([.. documents, acme], Token);
        var query = "remote feasibility";

        var shipped = index.SearchPassages(new RetrievalQuery(query), "backend-developer", "usa", 10);
        var forAcme = index.SearchPassages(new RetrievalQuery(query, TenantId: "acme"), "Backend-Developer", "USA", 10);
        var forGlobex = index.SearchPassages(new RetrievalQuery(query, TenantId: "globex"), "backend-developer", "usa", 10);

        Assert.All(shipped, h => Assert.Equal(("backend-developer", "usa", null), (h.Document.RoleId, h.Document.RegionId, h.Document.TenantOverlay)));
        Assert.Equal(documents.Count - 1, shipped.Count);
        Assert.Equal(shipped.Select(h => h.Text), forGlobex.Select(h => h.Text));
        Assert.Equal([acme.Id], forAcme.Select(h => h.Document.Id));
        Assert.Equal("- Remote feasibility at Acme: two office days.", forAcme[0].Text);
        Assert.Empty(index.SearchPassages(new RetrievalQuery(query), "data-engineer", "usa", 10));
    }

    [Fact]
    public void An_empty_index_returns_nothing()
    {
        var index = Builder(new HashingEmbedder()).Build([], Token);

        Assert.Empty(index.Search(new RetrievalQuery("salary")));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RetrievalIndexBuilder Builder(ITextEmbedder embedder, string? cacheDirectory = null) =>
        new(embedder, Options.Create(new RetrievalOptions { CacheDirectory = cacheDirectory }), NullLogger<RetrievalIndexBuilder>.Instance);

    private static List<RetrievalDocument> Documents() =>
    [
        Document("backend-developer/usa/overview", "overview", "Overview", "Backend developers build the server side of products."),
        Document("backend-developer/usa/salary", "salary", "Salary and market signals", "- Backend Developer (2–5 years): USD 110,000–145,000 base (USA, as of 2026-06)"),
        Document("backend-developer/usa/resume", "resume", "Resume and ATS", "- ATS keywords: mirror the exact terms from the posting."),
        Document("backend-developer/usa/pitfalls", "pitfalls", "Pitfalls", "- Writing vague bullets that describe duties instead of outcomes."),
    ];

    private static RetrievalDocument Document(string id, string section, string title, string text, string? tenant = null) =>
        new(id, tenant, "backend-developer", "usa", section, title, text, "2026.11.1");
}
