using CoachBot.Coaching.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>One index over the 8 shipped pages and two tenant overlays, built once per test class with the real MiniLM model.</summary>
public sealed class ShippedIndexFixture : IDisposable
{
    public const string TenantA = "tenant-acme";
    public const string TenantB = "tenant-globex";
    public const string OverlayId = "tenant-acme/backend-developer/usa/promotion-ladder";

    public ShippedIndexFixture()
    {
        Embedder = new MiniLmEmbedder(batchSize: 16, parallelism: 2);
        var documents = MarkdownRoleDocumentSource.Shipped().Read();
        ShippedDocumentCount = documents.Count;
        documents.Add(new RetrievalDocument(
            OverlayId, TenantA, "backend-developer", "usa", "promotion-ladder", "Acme promotion ladder",
            "At Acme, engineers move from L3 to L4 after a calibration panel reviews a promotion packet.\n- The packet lists shipped projects with impact.\n- Panels meet every quarter.",
            "2026.11.1"));
        Builder = new RetrievalIndexBuilder(Embedder, Options.Create(new RetrievalOptions()), NullLogger<RetrievalIndexBuilder>.Instance);
        Index = Builder.Build(documents);
    }

    public MiniLmEmbedder Embedder { get; }

    public RetrievalIndexBuilder Builder { get; }

    public RetrievalIndex Index { get; }

    public int ShippedDocumentCount { get; }

    public void Dispose() => Embedder.Dispose();
}
