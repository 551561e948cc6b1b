using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Overlays;
using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.Tests.Retrieval;
using CoachBot.Coaching.Tests.Support;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Coaching.Tests.Overlays;

/// <summary>
/// Tenant overlays in the coaching services, with an in-memory store and a stand-in embedder: loading at start, the next
/// turn after a change, incremental index updates, snapshots and convergence of two hosts sharing one store.
/// </summary>
public sealed class TenantRoleOverlaysTests : IDisposable
{
    private const string NewRole = "quantum-gardener";
    private const string NewRoleVersion = "2031.01.7";
    private const string OverrideVersion = "2031.02.3";
    private const string NewRoleQuestion = "I want to become a quantum gardener: what does the role involve?";

    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly TenantId B = TenantId.Parse("tenant-b");

    private readonly string _cache = Directory.CreateTempSubdirectory("coachbot-overlays-").FullName;
    private readonly InMemoryRoleOverlayStore _store = new();
    private readonly string _marker = "marker" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overlays_stored_before_start_are_in_the_library_and_in_the_first_index()
    {
        await SetNewRoleAsync();
        await using var kit = Kit(new HashingEmbedder());
        await kit.StartAsync();

        var index = await kit.Get<HybridRetriever>().WaitUntilReadyAsync(Cancel);

        Assert.Equal(11, index.Documents.Count(d => d.TenantOverlay == A.Value && d.RoleId == NewRole));
        var (_, final, _) = await AskAsync(kit, A, NewRoleQuestion);
        Assert.NotEmpty(final.Citations);
        Assert.All(final.Citations, c => Assert.Equal((NewRole, NewRoleVersion), (c.RoleId, c.ContentVersion)));
        var (_, other, _) = await AskAsync(kit, B, NewRoleQuestion);
        Assert.DoesNotContain(other.Citations, c => c.RoleId == NewRole);
    }

    [Fact]
    public async Task A_change_reaches_the_tenants_next_turn_and_embeds_only_the_changed_page()
    {
        var embedder = new HashingEmbedder();
        await using var kit = Kit(embedder);
        await kit.StartAsync();
        var retriever = kit.Get<HybridRetriever>();
        var before = await retriever.WaitUntilReadyAsync(Cancel);
        var embeddedBefore = embedder.TextsEmbedded;

        await SetNewRoleAsync();
        await kit.Get<TenantRoleOverlays>().RefreshAsync(A, NewRole, Cancel);

        var after = retriever.Index!;
        Assert.NotSame(before, after);
        Assert.Equal(before.Documents.Count + 11, after.Documents.Count);
        var added = after.Statistics.Passages - before.Statistics.Passages;
        Assert.Equal(embedder.TextsEmbedded - embeddedBefore, after.Statistics.EmbeddedPassages);
        Assert.InRange(after.Statistics.EmbeddedPassages, 1, added);
        Assert.Equal(before.Statistics.Passages, after.Statistics.CachedPassages + after.Statistics.EmbeddedPassages - added);

        var (text, final, _) = await AskAsync(kit, A, NewRoleQuestion);
        Assert.All(final.Citations, c => Assert.Equal((NewRole, NewRoleVersion), (c.RoleId, c.ContentVersion)));
        Assert.Contains("Quantum Gardener", text, StringComparison.Ordinal);
        var (otherText, other, _) = await AskAsync(kit, B, NewRoleQuestion);
        Assert.DoesNotContain(other.Citations, c => c.RoleId == NewRole);
        Assert.DoesNotContain("Quantum Gardener", otherText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_override_replaces_the_shipped_page_for_its_tenant_until_it_is_removed()
    {
        await using var kit = Kit(new HashingEmbedder());
        await kit.StartAsync();
        var retriever = kit.Get<HybridRetriever>();
        var shipped = await retriever.WaitUntilReadyAsync(Cancel);
        var overlays = kit.Get<TenantRoleOverlays>();
        const string Question = "What does a data engineer do?";

        await _store.SetPageAsync(A, "data-engineer", "usa", OverlayPageText.DataEngineerAs("data-engineer", "Data Engineer", OverrideVersion, _marker), OverrideVersion);
        await overlays.RefreshAsync(A, "data-engineer", Cancel);

        Assert.All((await AskAsync(kit, A, Question)).Final.Citations, c => Assert.Equal(("data-engineer", OverrideVersion), (c.RoleId, c.ContentVersion)));
        Assert.All((await AskAsync(kit, B, Question)).Final.Citations, c => Assert.Equal(("data-engineer", "2026.11.1"), (c.RoleId, c.ContentVersion)));
        var query = new RetrievalQuery("data pipelines and warehouses", A.Value, TopK: 200);
        var hits = retriever.Index!.Search(query).Where(h => h.Document.RoleId == "data-engineer").ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal((A.Value, OverrideVersion), (h.Document.TenantOverlay, h.Document.ContentVersion)));
        // A turn that took the index before the change finishes on that snapshot, which the change left as it was.
        Assert.All(shipped.Search(query).Where(h => h.Document.RoleId == "data-engineer"), h => Assert.Null(h.Document.TenantOverlay));

        Assert.NotNull(await _store.RemoveAsync(A, "data-engineer", DateTimeOffset.UtcNow, new AuditActor("test", "admin"), Cancel));
        await overlays.RefreshAsync(A, "data-engineer", Cancel);

        Assert.All((await AskAsync(kit, A, Question)).Final.Citations, c => Assert.Equal("2026.11.1", c.ContentVersion));
        Assert.DoesNotContain(retriever.Index!.Documents, d => d.TenantOverlay is not null);
        Assert.Empty(kit.Library.OverlayPages(A));
    }

    [Fact]
    public async Task Another_host_sharing_the_store_converges_when_it_syncs()
    {
        await using var first = Kit(new HashingEmbedder());
        await using var second = Kit(new HashingEmbedder());
        await first.StartAsync();
        await second.StartAsync();
        await second.Get<HybridRetriever>().WaitUntilReadyAsync(Cancel);
        var secondOverlays = second.Get<TenantRoleOverlays>();
        Assert.Equal(0, await secondOverlays.SyncAsync(Cancel));

        await SetNewRoleAsync();
        await first.Get<TenantRoleOverlays>().RefreshAsync(A, NewRole, Cancel);
        Assert.Null(second.Library.ResolveRole(A, "quantum gardener"));

        Assert.Equal(1, await secondOverlays.SyncAsync(Cancel));
        Assert.Equal(NewRole, second.Library.ResolveRole(A, "quantum gardener"));
        Assert.Contains(second.Get<HybridRetriever>().Index!.Documents, d => d.TenantOverlay == A.Value && d.RoleId == NewRole);
        Assert.Equal(0, await secondOverlays.SyncAsync(Cancel));

        await _store.RemoveAsync(A, NewRole, DateTimeOffset.UtcNow, new AuditActor("test", "admin"), Cancel);
        Assert.Equal(1, await secondOverlays.SyncAsync(Cancel));
        Assert.Null(second.Library.ResolveRole(A, "quantum gardener"));
        Assert.DoesNotContain(second.Get<HybridRetriever>().Index!.Documents, d => d.TenantOverlay is not null);
    }

    [Fact]
    public async Task A_stored_page_that_no_longer_parses_is_left_out_without_stopping_the_start()
    {
        await _store.SetPageAsync(A, NewRole, "usa", "---\nrole: Broken\n---\n", NewRoleVersion);
        await using var kit = Kit(new HashingEmbedder());
        await kit.StartAsync();

        var index = await kit.Get<HybridRetriever>().WaitUntilReadyAsync(Cancel);

        Assert.Empty(kit.Library.OverlayPages(A));
        Assert.DoesNotContain(index.Documents, d => d.TenantOverlay is not null);
    }

    private Task SetNewRoleAsync() =>
        _store.SetPageAsync(A, NewRole, "usa", OverlayPageText.DataEngineerAs(NewRole, "Quantum Gardener", NewRoleVersion, _marker), NewRoleVersion);

    private CoachingKit Kit(HashingEmbedder embedder) => new(
        new Dictionary<string, string?> { ["Retrieval:CacheDirectory"] = _cache, ["RoleContent:OverlaySyncInterval"] = "00:00:00" },
        services => services.AddSingleton<IRoleOverlayStore>(_store).AddSingleton<ITextEmbedder>(embedder).AddRoleOverlays());

    private static Task<(string Text, CoachingUpdate Final, int Chunks)> AskAsync(CoachingKit kit, TenantId tenant, string question) =>
        kit.AskAsync(new CoachingRequest(new UserKey(tenant, UserId.Parse("user-1")), TurnId.New(), CareerProfile.Empty, [], question));
}
