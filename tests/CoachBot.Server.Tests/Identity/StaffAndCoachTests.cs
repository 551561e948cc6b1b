using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Identity;

/// <summary>Staff JWTs (coach and tenant-admin roles), consent, and coaches reading transcripts, on the real host.</summary>
public sealed class StaffAndCoachTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coach_reads_a_consenting_users_transcript_until_consent_is_withdrawn()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "coach", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "coach-other", Cancel);
        var user = await VerifiedSessionAsync(tenant, "learner-1");
        var foreign = await VerifiedSessionAsync(other, "learner-1");
        await SendAsync(user.Token, "How do I become a data engineer?");
        await SendAsync(foreign.Token, "A message of another tenant");
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));
        const string Transcript = "/api/coach/users/learner-1/transcript?limit=10";

        await AssertProblemAsync(await coach.GetAsync(new Uri(Transcript, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await coach.GetFromJsonAsync<CoachedUserResponse[]>("/api/coach/users", TestHost.Json, Cancel))!);

        using var userClient = fixture.Host.AuthorizedClient(user.Token);
        using (var put = await userClient.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Contains("true", await userClient.GetStringAsync(new Uri("/api/me/consent", UriKind.Relative), Cancel), StringComparison.Ordinal);
        var listed = Assert.Single((await coach.GetFromJsonAsync<CoachedUserResponse[]>("/api/coach/users", TestHost.Json, Cancel))!);
        Assert.Equal("learner-1", listed.UserId);
        Assert.NotNull(listed.LastActivityAt);
        var history = (await coach.GetFromJsonAsync<ConversationHistory>(Transcript, TestHost.Json, Cancel))!;
        await AssertProblemAsync(await coach.GetAsync(new Uri("/api/coach/users/learner-1/transcript?limit=0", UriKind.Relative), Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Contains(history.Messages, m => m.Text == "How do I become a data engineer?");
        Assert.DoesNotContain(history.Messages, m => m.Text == "A message of another tenant");

        // The other tenant's learner-1 consents too: still invisible to this coach, whose tenant comes from the token.
        await using (var hub = await fixture.Host.ConnectAsync(foreign.Token))
        {
            Assert.True(await hub.InvokeAsync<bool>("SetConsent", true, Cancel));
            Assert.True(await hub.InvokeAsync<bool>("GetConsent", Cancel));
        }

        Assert.DoesNotContain((await coach.GetFromJsonAsync<ConversationHistory>(Transcript, TestHost.Json, Cancel))!.Messages, m => m.Text == "A message of another tenant");
        using var otherCoach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-bob", other.TenantId, ["coach"]));
        Assert.DoesNotContain((await otherCoach.GetFromJsonAsync<ConversationHistory>(Transcript, TestHost.Json, Cancel))!.Messages, m => m.Text == "How do I become a data engineer?");

        using (var withdraw = await userClient.PutAsJsonAsync("/api/me/consent", new { coachingReview = false }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        }

        await AssertProblemAsync(await coach.GetAsync(new Uri(Transcript, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await coach.GetAsync(new Uri("/api/coach/users/nobody/transcript", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");

        using var admin = fixture.KeyClient(tenant.AdminKey);
        var audit = await admin.GetStringAsync(new Uri("/api/tenant/audit", UriKind.Relative), Cancel);
        Assert.Contains("\"action\":\"consent.granted\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"consent.withdrawn\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"actorKind\":\"user\",\"actorId\":\"learner-1\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_admin_tokens_manage_the_tenant_but_cannot_read_transcripts()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "staff-admin", Cancel);
        using var admin = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("admin-ann", tenant.TenantId, ["tenant-admin"]));
        var read = (await admin.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!;
        Assert.Equal(tenant.TenantId, read.Id);
        using (var rotated = await admin.PostAsync(new Uri("/api/tenant/widget-key", UriKind.Relative), null, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        }

        Assert.Contains("\"actorKind\":\"staff\",\"actorId\":\"admin-ann\"", await admin.GetStringAsync(new Uri("/api/tenant/audit", UriKind.Relative), Cancel), StringComparison.Ordinal);
        await AssertProblemAsync(await admin.GetAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await admin.GetAsync(new Uri("/api/coach/users/learner-1/transcript", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "forbidden");

        using var adminKey = fixture.KeyClient(tenant.AdminKey);
        await AssertProblemAsync(await adminKey.GetAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "forbidden");
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));
        await AssertProblemAsync(await coach.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "forbidden");
        var session = await fixture.Host.CreateSessionAsync();
        using var endUser = fixture.Host.AuthorizedClient(session.Token);
        await AssertProblemAsync(await endUser.GetAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Expired_tampered_and_foreign_staff_tokens_are_refused_with_problem_details()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "staff-bad", Cancel);
        var expired = fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"], DateTimeOffset.UtcNow.AddMinutes(-5));
        var valid = fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]);
        var parts = valid.Split('.');
        var tampered = parts[0] + "." + parts[1][..^2] + (parts[1][^2] == 'A' ? "BA" : "AA") + "." + parts[2];
        var foreign = fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach", "tenant-admin"], key: RandomNumberGenerator.GetBytes(32));

        foreach (var (token, code) in new[] { (expired, "token_expired"), (tampered, "token_invalid"), (foreign, "token_invalid") })
        {
            using var client = StaffTokenIssuer.Client(fixture.Host.BaseAddress, token);
            await AssertProblemAsync(await client.GetAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, code);
            await AssertProblemAsync(await client.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, code);
        }

        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        await AssertProblemAsync(await anonymous.GetAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_staff_token_naming_a_tenant_that_does_not_exist_is_refused_everywhere_and_stores_nothing()
    {
        const string Missing = "staff-no-such-tenant";
        using var staff = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("admin-ann", Missing, ["tenant-admin", "coach"]));
        using var page = new StringContent("---\nrole_id: ghost\n---\n# Ghost\n", System.Text.Encoding.UTF8, "text/markdown");

        await AssertProblemAsync(await staff.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, "tenant_unknown");
        await AssertProblemAsync(await staff.PostAsJsonAsync("/api/tenant/keys", new { kind = "service" }, TestHost.Json, Cancel), HttpStatusCode.Unauthorized, "tenant_unknown");
        await AssertProblemAsync(await staff.PutAsync(new Uri("/api/tenant/content/roles/ghost", UriKind.Relative), page, Cancel), HttpStatusCode.Unauthorized, "tenant_unknown");
        await AssertProblemAsync(await staff.GetAsync(new Uri("/api/tenant/audit", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, "tenant_unknown");
        await AssertProblemAsync(await staff.GetAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, "tenant_unknown");

        var store = fixture.Host.Services.GetRequiredService<CoachBot.Tenancy.ITenantStore>();
        Assert.Empty(await store.ListAuditAsync(CoachBot.Ids.TenantId.Parse(Missing), 100, Cancel));
        Assert.Empty(await store.ListApiKeysAsync(CoachBot.Ids.TenantId.Parse(Missing), Cancel));
    }

    private async Task<IssuedSession> VerifiedSessionAsync(WidgetTenant tenant, string userId)
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey, userId, userHash = tenant.HashFor(userId) }, TestHost.Json, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Cancel))!;
    }

    private async Task SendAsync(string token, string text)
    {
        await using var hub = await fixture.Host.ConnectAsync(token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var _ in hub.StreamAsync<ReplyChunk>("SendMessage", text, timeout.Token))
        {
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        }
    }
}
