using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Retrieval;

/// <summary>Every section of every shipped role page, as retrieval documents (tenant overlays come from their own source).</summary>
public sealed class RoleContentDocumentSource(RoleContentLibrary library) : IRetrievalDocumentSource
{
    public Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RetrievalDocument> documents = [.. library.AllPages().SelectMany(page => RetrievalDocuments.Of(page))];
        return Task.FromResult(documents);
    }
}
