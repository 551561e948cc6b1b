using System.Net;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api;

/// <summary>The per-tenant cap on role pages, through the admin API on the real host.</summary>
public sealed class RoleContentLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_page_beyond_the_tenants_cap_gets_409_while_replacing_and_other_tenants_still_work()
    {
        await using var fixture = new TenantHostFixture(new Dictionary<string, string?> { ["RoleContent:MaxOverlaysPerTenant"] = "2" });
        await fixture.InitializeAsync();
        var a = await WidgetTenant.CreateAsync(fixture, "cap-a", Cancel);
        var b = await WidgetTenant.CreateAsync(fixture, "cap-b", Cancel);
        using var adminA = fixture.KeyClient(a.AdminKey);
        using var adminB = fixture.KeyClient(b.AdminKey);

        Assert.Equal(HttpStatusCode.OK, await PutStatusAsync(adminA, "role-one", "2031.01.1"));
        Assert.Equal(HttpStatusCode.OK, await PutStatusAsync(adminA, "role-two", "2031.01.1"));

        await ProblemAssert.HasCodeAsync(await PutAsync(adminA, "role-three", "2031.01.1"), HttpStatusCode.Conflict, ErrorCodes.OverlayLimitReached);
        using (var read = await adminA.GetAsync(new Uri("/api/tenant/content/roles/role-three", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await PutStatusAsync(adminA, "role-one", "2031.01.2"));
        Assert.Equal(HttpStatusCode.OK, await PutStatusAsync(adminB, "role-three", "2031.01.1"));
        using (var removed = await adminA.DeleteAsync(new Uri("/api/tenant/content/roles/role-two", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await PutStatusAsync(adminA, "role-three", "2031.01.1"));
    }

    private static async Task<HttpStatusCode> PutStatusAsync(HttpClient client, string roleId, string version)
    {
        using var response = await PutAsync(client, roleId, version);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string roleId, string version) =>
        client.PutAsync(
            new Uri($"/api/tenant/content/roles/{roleId}", UriKind.Relative),
            new StringContent(RolePageText.For(roleId, "Cap " + roleId.Replace('-', ' '), version), Encoding.UTF8, "text/markdown"),
            Cancel);
}
