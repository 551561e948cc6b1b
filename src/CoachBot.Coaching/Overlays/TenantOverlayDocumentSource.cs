using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Overlays;

/// <summary>Every tenant's overlay sections, as retrieval documents visible to that tenant only; waits until the overlays are loaded.</summary>
public sealed class TenantOverlayDocumentSource(TenantRoleOverlays overlays, RoleContentLibrary library) : IRetrievalDocumentSource
{
    public async Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken)
    {
        await overlays.WhenLoaded.WaitAsync(cancellationToken);
        return [.. library.OverlayTenants().SelectMany(tenant => library.OverlayPages(tenant).SelectMany(page => RetrievalDocuments.Of(page, tenant)))];
    }
}
