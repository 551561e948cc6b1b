namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Supplies documents to index. Every registered source is read once when the index is built;
/// shipped role content and tenant overlays may come from separate sources.
/// </summary>
public interface IRetrievalDocumentSource
{
    /// <summary>All documents this source contributes. Ids must be unique across all sources.</summary>
    Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken);
}
