using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.RoleContent;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Overlays;

/// <summary>
/// Keeps this host's <see cref="RoleContentLibrary"/> and retrieval index in step with the tenants' overlays in the
/// <see cref="IRoleOverlayStore"/>. The store is the truth: every change here re-reads it, so hosts converge whatever
/// order changes arrive in. Changes are applied one at a time; each builds new immutable snapshots (a library view per
/// tenant, an index) and swaps them in, so a turn reading the previous snapshot finishes on it undisturbed.
/// </summary>
public sealed partial class TenantRoleOverlays(
    IRoleOverlayStore store,
    RoleContentLibrary library,
    HybridRetriever retriever,
    RetrievalIndexBuilder builder,
    ILogger<TenantRoleOverlays> logger) : IDisposable
{
    /// <summary>The name problems of a stored page are reported under.</summary>
    public const string SourceName = "page";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(TenantId Tenant, string RoleId), string> _applied = [];
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every stored overlay is in the library (the retrieval index is built after it).</summary>
    public Task WhenLoaded => _loaded.Task;

    /// <summary>Loads every stored overlay into the library. Called once, at start, before the retrieval index is built.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var overlays = await store.ListAllAsync(cancellationToken);
            foreach (var overlay in overlays)
            {
                Apply(overlay.TenantId, overlay.RoleId, overlay);
            }

            _loaded.TrySetResult();
            LogLoaded(overlays.Count);
        }
        catch (Exception ex)
        {
            _loaded.TrySetException(ex);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies the stored state of one tenant's overlay of a role (set, replaced or removed) to the library and the
    /// retrieval index, so the tenant's next turn uses it. Other tenants' views are untouched.
    /// </summary>
    public async Task RefreshAsync(TenantId tenant, string roleId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.GetAsync(tenant, roleId, cancellationToken);
            if (Apply(tenant, roleId, stored))
            {
                await ReindexAsync([tenant]);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Compares the stamps of the stored overlays with what this host applied and applies the differences, such as
    /// changes made through another host of a cluster. Returns how many tenants changed.
    /// </summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stamps = await store.ListStampsAsync(cancellationToken);
            var stored = stamps.ToDictionary(s => (s.TenantId, s.RoleId), s => s.ETag);
            var changed = new HashSet<TenantId>();
            foreach (var gone in _applied.Keys.Where(k => !stored.ContainsKey(k)).ToList())
            {
                if (Apply(gone.Tenant, gone.RoleId, null))
                {
                    changed.Add(gone.Tenant);
                }
            }

            foreach (var stamp in stamps.Where(s => !_applied.TryGetValue((s.TenantId, s.RoleId), out var etag) || etag != s.ETag))
            {
                if (Apply(stamp.TenantId, stamp.RoleId, await store.GetAsync(stamp.TenantId, stamp.RoleId, cancellationToken)))
                {
                    changed.Add(stamp.TenantId);
                }
            }

            if (changed.Count > 0)
            {
                await ReindexAsync(changed);
            }

            return changed.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Puts the stored overlay (null: none) into the library; true when the library changed.</summary>
    private bool Apply(TenantId tenant, string roleId, RoleOverlay? overlay)
    {
        var key = (tenant, roleId);
        if (overlay is null)
        {
            _applied.Remove(key);
            return library.RemoveOverlayRole(tenant, roleId);
        }

        if (_applied.TryGetValue(key, out var etag) && etag == overlay.ETag)
        {
            return false;
        }

        _applied[key] = overlay.ETag;
        try
        {
            var page = RolePageParser.ParseUpload(overlay.Markdown, SourceName);
            if (!string.Equals(page.RoleId, roleId, StringComparison.Ordinal))
            {
                throw new RoleContentException($"the page's role_id '{page.RoleId}' is not '{roleId}'");
            }

            library.SetOverlayRole(tenant, page);
            return true;
        }
        catch (RoleContentException ex)
        {
            // Stored pages were valid when written; one that a later format no longer accepts is left out, not fatal.
            LogInvalidStoredPage(ex, tenant, roleId);
            return library.RemoveOverlayRole(tenant, roleId);
        }
    }

    /// <summary>
    /// Replaces the tenants' documents in the retrieval index: only their pages are prepared and embedded again. While the
    /// index is still being built (from the documents as they were when the build started), this waits for it first.
    /// </summary>
    private async Task ReindexAsync(IReadOnlyCollection<TenantId> tenants)
    {
        RetrievalIndex previous;
        try
        {
            previous = await retriever.WaitUntilReadyAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No index to update: retrieval is unavailable, and the library already serves the change.
            return;
        }

        var documents = tenants.SelectMany(t => library.OverlayPages(t).SelectMany(p => RetrievalDocuments.Of(p, t))).ToList();
        var ids = tenants.Select(t => t.Value).ToList();
        try
        {
            while (true)
            {
                var basis = previous;
                var next = await Task.Run(() => builder.ReplaceTenantDocuments(basis, ids, documents, CancellationToken.None));
                if (retriever.TryReplace(basis, next))
                {
                    return;
                }

                previous = retriever.Index!;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The library already serves the change; retrieval keeps the previous index until the next change of these tenants.
            LogReindexFailed(ex, string.Join(", ", ids));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} tenant role overlays")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{TenantId} stored overlay of role {RoleId} is not a valid role page; it is left out")]
    private partial void LogInvalidStoredPage(Exception exception, TenantId tenantId, string roleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Updating the retrieval index for the overlays of {TenantIds} failed")]
    private partial void LogReindexFailed(Exception exception, string tenantIds);
}
