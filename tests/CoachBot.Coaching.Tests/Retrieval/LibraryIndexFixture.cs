using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.RoleContent;
using CoachBot.Coaching.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>
/// The index the app builds: the shipped pages as the role-content library reads them, the real MiniLM model and the
/// machine-wide test embedding cache (the same documents as every test host, so they share the cached vectors).
/// </summary>
public sealed class LibraryIndexFixture : IDisposable
{
    public LibraryIndexFixture()
    {
        Embedder = new MiniLmEmbedder(batchSize: 16, parallelism: 2);
        Library = new RoleContentLibrary(RoleContentLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "content", "roles")));
        var documents = Library.AllPages().SelectMany(page => RetrievalDocuments.Of(page)).ToList();
        var options = Options.Create(new RetrievalOptions { CacheDirectory = CoachingKit.SharedEmbeddingCache });
        Index = new RetrievalIndexBuilder(Embedder, options, NullLogger<RetrievalIndexBuilder>.Instance).Build(documents);
    }

    public MiniLmEmbedder Embedder { get; }

    public RoleContentLibrary Library { get; }

    public RetrievalIndex Index { get; }

    public void Dispose() => Embedder.Dispose();
}
