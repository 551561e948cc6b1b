using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoachBot.Coaching.Overlays;
using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.RoleContent;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api;

/// <summary>Overlays are stored: a restarted host loads them before its index is ready, and a second host on the same database converges.</summary>
public sealed class RoleContentPersistenceTests
{
    private const string Question = "I want to become a quantum gardener: what does the role involve?";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overlays_survive_a_restart_and_a_second_host_on_the_same_database_converges_when_it_syncs()
    {
        using var data = new TempFolder();
        var tenant = TenantId.Parse("default");
        var page = RolePageText.For("quantum-gardener", "Quantum Gardener", "2031.03.1");
        string adminKey;
        await using (var first = await TestHost.StartAsync(data.Path))
        {
            adminKey = (await ApiKeyIssuer.IssueAsync(first.Services.GetRequiredService<ITenantStore>(), tenant, ApiKeyKind.TenantAdmin, AuditActor.System, TimeProvider.System, Cancel)).Key;
            using var admin = AdminClient(first, adminKey);
            using var put = await admin.PutAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), new StringContent(page, Encoding.UTF8, "text/markdown"), Cancel);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var settings = new Dictionary<string, string?> { ["RoleContent:OverlaySyncInterval"] = "00:00:00" };
        await using var restarted = await TestHost.StartAsync(data.Path, settings: settings);
        var index = await restarted.Services.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync(Cancel);
        Assert.Equal(11, index.Documents.Count(d => d.TenantOverlay == tenant.Value && d.RoleId == "quantum-gardener"));
        var (_, citations) = await RoleContentTurns.AskAsync(restarted, (await restarted.CreateSessionAsync()).Token, Question);
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.Equal(("quantum-gardener", "2031.03.1"), (c.RoleId, c.ContentVersion)));
        using var restartedAdmin = AdminClient(restarted, adminKey);
        Assert.Equal(page, await restartedAdmin.GetStringAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), Cancel));
        var roles = (await restartedAdmin.GetFromJsonAsync<RoleContentEntry[]>("/api/tenant/content/roles", TestHost.Json, Cancel))!;
        Assert.Equal("overlay", roles.Single(r => r.RoleId == "quantum-gardener").Source);

        // A second host of the same cluster: it applies changes made through the first when it syncs.
        await using var second = await TestHost.StartAsync(data.Path, settings: settings);
        var secondLibrary = second.Services.GetRequiredService<RoleContentLibrary>();
        Assert.Equal("quantum-gardener", secondLibrary.ResolveRole(tenant, "quantum gardener"));
        using var removed = await restartedAdmin.DeleteAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("quantum-gardener", secondLibrary.ResolveRole(tenant, "quantum gardener"));

        Assert.Equal(1, await second.Services.GetRequiredService<TenantRoleOverlays>().SyncAsync(Cancel));

        Assert.Null(secondLibrary.ResolveRole(tenant, "quantum gardener"));
        var secondIndex = await second.Services.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync(Cancel);
        Assert.DoesNotContain(secondIndex.Documents, d => d.TenantOverlay is not null);
    }

    private static HttpClient AdminClient(TestHost host, string key)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
