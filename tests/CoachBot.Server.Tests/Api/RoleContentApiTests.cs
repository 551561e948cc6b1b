using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoachBot.Coaching.Retrieval;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api;

/// <summary>Tenant role-content overlays through the admin API on the real host, seen by the tenants' users in their replies.</summary>
public sealed class RoleContentApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const string NewRoleQuestion = "I want to become a quantum gardener: what does the role involve?";
    private const string DataEngineerQuestion = "I want to become a data engineer: what does the role involve?";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_that_breaks_the_format_is_refused_with_the_parsers_problems_and_nothing_is_stored()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "content-invalid", Cancel);
        using var admin = fixture.KeyClient(tenant.AdminKey);
        var valid = RolePageText.For("quantum-gardener", "Quantum Gardener", "2031.01.7");
        var broken = valid.Replace("## Overview\n\n", "## Overview\n\n- a bullet where only paragraphs belong\n\n", StringComparison.Ordinal);

        using var invalid = await PutMarkdownAsync(admin, "quantum-gardener", broken);
        var problem = await ProblemAsync(invalid, HttpStatusCode.BadRequest, ErrorCodes.ContentInvalid);
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.StartsWith("page:13: section 'Overview'", StringComparison.Ordinal));

        using var mismatch = await PutMarkdownAsync(admin, "another-role", valid);
        var mismatchProblems = (await ProblemAsync(mismatch, HttpStatusCode.BadRequest, ErrorCodes.ContentInvalid)).GetProperty("problems");
        Assert.Contains("'quantum-gardener' must equal the role id in the path, 'another-role'", mismatchProblems[0].GetString(), StringComparison.Ordinal);

        using var tooLarge = await PutMarkdownAsync(admin, "quantum-gardener", valid + new string('x', RoleContentEndpoints.MaxPageBytes));
        await ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.ContentTooLarge);

        using var badId = await PutMarkdownAsync(admin, "Not_A_Slug", valid);
        await ProblemAsync(badId, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);

        using var html = await admin.PutAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), new StringContent(valid, Encoding.UTF8, "text/html"), Cancel);
        await ProblemAsync(html, HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);

        using var noMarkdown = await admin.PutAsJsonAsync("/api/tenant/content/roles/quantum-gardener", new { text = valid }, TestHost.Json, Cancel);
        await ProblemAsync(noMarkdown, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);

        using var read = await admin.GetAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain(await AuditActionsAsync(admin), a => a.StartsWith("content.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_role_of_one_tenant_grounds_its_users_replies_and_no_other_tenants()
    {
        var a = await WidgetTenant.CreateAsync(fixture, "content-a", Cancel);
        var b = await WidgetTenant.CreateAsync(fixture, "content-b", Cancel);
        using var adminA = fixture.KeyClient(a.AdminKey);
        using var adminB = fixture.KeyClient(b.AdminKey);
        var page = RolePageText.For("quantum-gardener", "Quantum Gardener", "2031.01.7");

        using var put = await PutMarkdownAsync(adminA, "quantum-gardener", page);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var summary = (await put.Content.ReadFromJsonAsync<RoleOverlaySummary>(TestHost.Json, Cancel))!;
        Assert.Equal(("quantum-gardener", "Quantum Gardener", "usa", "2031.01.7", false, false), (summary.RoleId, summary.Role, summary.RegionId, summary.ContentVersion, summary.OverridesShipped, summary.Replaced));
        Assert.Equal(11, summary.Sections.Count);
        Assert.Equal(("overview", "Overview"), (summary.Sections[0].Id, summary.Sections[0].Title));

        var (replyA, citationsA) = await AskAsync(a, NewRoleQuestion);
        Assert.NotEmpty(citationsA);
        Assert.All(citationsA, c => Assert.Equal(("quantum-gardener", "usa", "2031.01.7"), (c.RoleId, c.Region, c.ContentVersion)));
        Assert.Contains("Quantum Gardener", replyA, StringComparison.Ordinal);
        var (replyB, citationsB) = await AskAsync(b, NewRoleQuestion);
        Assert.DoesNotContain(citationsB, c => c.RoleId == "quantum-gardener");
        Assert.DoesNotContain("Quantum Gardener", replyB, StringComparison.OrdinalIgnoreCase);

        var index = fixture.Host.Services.GetRequiredService<HybridRetriever>().Index!;
        Assert.Equal(11, index.Documents.Count(d => d.TenantOverlay == a.TenantId && d.RoleId == "quantum-gardener"));
        Assert.DoesNotContain(index.Search(new RetrievalQuery("quantum gardener", b.TenantId, TopK: 500)), h => h.Document.TenantOverlay is not null);

        Assert.Equal(page, await adminA.GetStringAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), Cancel));
        using var readByB = await adminB.GetAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, readByB.StatusCode);
        using var deleteByB = await adminB.DeleteAsync(new Uri("/api/tenant/content/roles/quantum-gardener", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, deleteByB.StatusCode);

        var rolesA = await ListAsync(adminA);
        var rolesB = await ListAsync(adminB);
        Assert.Equal("overlay", rolesA.Single(r => r.RoleId == "quantum-gardener").Source);
        Assert.Equal("shipped", rolesA.Single(r => r.RoleId == "data-engineer").Source);
        Assert.DoesNotContain(rolesB, r => r.RoleId == "quantum-gardener");
        Assert.All(rolesB, r => Assert.Equal("shipped", r.Source));

        using var audit = JsonDocument.Parse(await adminA.GetStringAsync(new Uri("/api/tenant/audit?limit=5", UriKind.Relative), Cancel));
        var entry = audit.RootElement.EnumerateArray().First(e => e.GetProperty("action").GetString() == "content.overlay_set");
        var detail = entry.GetProperty("detail").ToString();
        Assert.Contains("quantum-gardener", detail, StringComparison.Ordinal);
        Assert.Contains("2031.01.7", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditActionsAsync(adminB), a => a.StartsWith("content.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_override_applies_to_its_tenant_only_and_deleting_it_restores_the_shipped_page()
    {
        var a = await WidgetTenant.CreateAsync(fixture, "override-a", Cancel);
        var b = await WidgetTenant.CreateAsync(fixture, "override-b", Cancel);
        using var adminA = fixture.KeyClient(a.AdminKey);
        var page = RolePageText.For("data-engineer", "Data Engineer", "2031.02.3");

        using var put = await adminA.PutAsJsonAsync("/api/tenant/content/roles/data-engineer", new RoleOverlayUpload(page), TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True((await put.Content.ReadFromJsonAsync<RoleOverlaySummary>(TestHost.Json, Cancel))!.OverridesShipped);
        using var again = await adminA.PutAsJsonAsync("/api/tenant/content/roles/data-engineer", new RoleOverlayUpload(page), TestHost.Json, Cancel);
        Assert.True((await again.Content.ReadFromJsonAsync<RoleOverlaySummary>(TestHost.Json, Cancel))!.Replaced);

        Assert.All((await AskAsync(a, DataEngineerQuestion)).Citations, c => Assert.Equal(("data-engineer", "2031.02.3"), (c.RoleId, c.ContentVersion)));
        Assert.All((await AskAsync(b, DataEngineerQuestion)).Citations, c => Assert.Equal(("data-engineer", "2026.11.1"), (c.RoleId, c.ContentVersion)));
        var entry = (await ListAsync(adminA)).Single(r => r.RoleId == "data-engineer");
        Assert.Equal("override", entry.Source);
        Assert.Equal(("override", "2031.02.3"), (entry.Regions.Single().Source, entry.Regions.Single().ContentVersion));

        using var deleted = await adminA.DeleteAsync(new Uri("/api/tenant/content/roles/data-engineer", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var deletedAgain = await adminA.DeleteAsync(new Uri("/api/tenant/content/roles/data-engineer", UriKind.Relative), Cancel);
        await ProblemAsync(deletedAgain, HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var (_, citations) = await AskAsync(a, DataEngineerQuestion);
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.Equal(("data-engineer", "2026.11.1"), (c.RoleId, c.ContentVersion)));
        Assert.Equal("shipped", (await ListAsync(adminA)).Single(r => r.RoleId == "data-engineer").Source);
        Assert.DoesNotContain(fixture.Host.Services.GetRequiredService<HybridRetriever>().Index!.Documents, d => d.TenantOverlay == a.TenantId);
        var actions = await AuditActionsAsync(adminA);
        Assert.Equal(["content.overlay_removed", "content.overlay_set", "content.overlay_set"], actions.Where(x => x.StartsWith("content.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task End_users_and_coaches_cannot_use_the_content_api()
    {
        var a = await WidgetTenant.CreateAsync(fixture, "content-roles", Cancel);
        var session = await SessionAsync(a);
        using var user = fixture.Host.AuthorizedClient(session.Token);
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-1", a.TenantId, ["coach"]));
        var page = RolePageText.For("quantum-gardener", "Quantum Gardener", "2031.01.7");

        foreach (var client in new[] { user, coach })
        {
            using var put = await PutMarkdownAsync(client, "quantum-gardener", page);
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
            using var list = await client.GetAsync(new Uri("/api/tenant/content/roles", UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        using var anonymous = await fixture.Host.Http.GetAsync(new Uri("/api/tenant/content/roles", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Task<HttpResponseMessage> PutMarkdownAsync(HttpClient client, string roleId, string markdown) =>
        client.PutAsync(new Uri($"/api/tenant/content/roles/{roleId}", UriKind.Relative), new StringContent(markdown, Encoding.UTF8, "text/markdown"), Cancel);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private static async Task<RoleContentEntry[]> ListAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<RoleContentEntry[]>("/api/tenant/content/roles", TestHost.Json, Cancel))!;

    private static async Task<List<string>> AuditActionsAsync(HttpClient admin)
    {
        using var audit = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/tenant/audit?limit=200", UriKind.Relative), Cancel));
        return [.. audit.RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()!)];
    }

    private async Task<IssuedSession> SessionAsync(WidgetTenant tenant)
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey }, TestHost.Json, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Cancel))!;
    }

    /// <summary>A new anonymous user of the tenant asks once over the hub; the reply's text and citations.</summary>
    private async Task<(string Text, IReadOnlyList<Citation> Citations)> AskAsync(WidgetTenant tenant, string question) =>
        await RoleContentTurns.AskAsync(fixture.Host, (await SessionAsync(tenant)).Token, question);
}
