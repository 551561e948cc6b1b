using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Retrieval;

/// <summary>Every section of every shipped role page, as retrieval documents (tenant overlays join when tenants can add pages).</summary>
public sealed class RoleContentDocumentSource(RoleContentLibrary library) : IRetrievalDocumentSource
{
    public Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RetrievalDocument> documents =
        [
            .. library.AllPages().SelectMany(page => page.Sections.Select(section => new RetrievalDocument(
                $"{section.RoleId}/{section.RegionId}/{section.SectionId}",
                null,
                section.RoleId,
                section.RegionId,
                section.SectionId,
                section.Title,
                section.Text,
                section.ContentVersion))),
        ];
        return Task.FromResult(documents);
    }
}
