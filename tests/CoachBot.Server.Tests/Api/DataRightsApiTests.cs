using System.Net;
using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Profiles;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Api;

/// <summary>Export and erasure of a user's data, by the user and by a tenant admin, on the real host.</summary>
public sealed class DataRightsApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_exports_everything_then_deletes_it_and_nothing_is_left()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);
        await SeedAsync(client, session.Token);

        var export = (await client.GetFromJsonAsync<UserExport>("/api/me/export", TestHost.Json, Cancel))!;
        Assert.Equal((session.TenantId, session.UserId), (export.TenantId, export.UserId));
        Assert.Equal("Data engineer", export.Profile.TargetRole);
        Assert.Equal(4, export.Messages.Length);
        Assert.Equal(2, export.Messages.Select(m => m.ConversationId).Distinct().Count());

        using var deleted = await client.DeleteAsync(new Uri("/api/me", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        // The erasure ended the session; a session issued afterwards for the same user finds nothing.
        await ProblemAssert.HasCodeAsync(await client.GetAsync(new Uri("/api/me/export", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, "token_revoked");
        using var later = fixture.Host.AuthorizedClient(LaterSession(session));
        var after = (await later.GetFromJsonAsync<UserExport>("/api/me/export", TestHost.Json, Cancel))!;
        Assert.Empty(after.Messages);
        Assert.Equal(CareerProfile.Empty, after.Profile);
        Assert.Equal([AuditActions.UserExported, AuditActions.UserDeleted], after.Audit.Select(a => a.Action));
        Assert.Equal(CareerProfile.Empty, await later.GetFromJsonAsync<CareerProfile>("/api/me/profile", TestHost.Json, Cancel));
    }

    [Fact]
    public async Task A_tenant_admin_exports_and_deletes_its_own_users_but_not_another_tenants()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);
        await SeedAsync(client, session.Token);
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        using var keyResponse = await operatorClient.PostAsync(new Uri($"/api/admin/tenants/{session.TenantId}/keys", UriKind.Relative), null, Cancel);
        var ownAdmin = (await keyResponse.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        var otherAdmin = await fixture.CreateTenantWithAdminKeyAsync("other-" + Guid.NewGuid().ToString("N")[..8], "sk-other", Cancel);
        using var own = fixture.KeyClient(ownAdmin.Key);
        using var other = fixture.KeyClient(otherAdmin.Key);
        var path = $"/api/tenant/users/{session.UserId}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri(path + "/export", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri(path + "/export", UriKind.Relative), Cancel)).StatusCode);

        // The admin reads a user's conversations only while the user consents to it.
        await ProblemAssert.HasCodeAsync(await own.GetAsync(new Uri(path + "/export", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "consent_required");
        (await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        var export = (await own.GetFromJsonAsync<UserExport>(path + "/export", TestHost.Json, Cancel))!;
        Assert.Equal(4, export.Messages.Length);
        (await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = false }, TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        await ProblemAssert.HasCodeAsync(await own.GetAsync(new Uri(path + "/export", UriKind.Relative), Cancel), HttpStatusCode.Forbidden, "consent_required");

        Assert.Equal(HttpStatusCode.NoContent, (await own.DeleteAsync(new Uri(path, UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync(new Uri(path + "/export", UriKind.Relative), Cancel)).StatusCode);
        await ProblemAssert.HasCodeAsync(await client.GetAsync(new Uri("/api/me/export", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, "token_revoked");
        using var later = fixture.Host.AuthorizedClient(LaterSession(session));
        Assert.Empty((await later.GetFromJsonAsync<UserExport>("/api/me/export", TestHost.Json, Cancel))!.Messages);

        var audit = (await own.GetFromJsonAsync<AuditEntryResponse[]>("/api/tenant/audit", TestHost.Json, Cancel))!;
        Assert.Contains(audit, a => a.Action == AuditActions.UserDeleted && a.ActorId == ownAdmin.Id && a.Detail.GetProperty("userId").GetString() == session.UserId);
        Assert.Contains(audit, a => a.Action == AuditActions.UserExported && a.ActorId == ownAdmin.Id);
    }

    /// <summary>A session of the same user issued a few seconds from now, as a sign-in after the erasure would be.</summary>
    private string LaterSession(IssuedSession session) => ErasureTests.SessionIssuedLater(fixture.Host, session);

    private async Task SeedAsync(HttpClient client, string token)
    {
        using var profile = await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { TargetRole = "Data engineer" }, TestHost.Json, Cancel);
        profile.EnsureSuccessStatusCode();
        await using var connection = await fixture.Host.ConnectAsync(token);
        await SendAsync(connection, "How do I grow?");
        await connection.InvokeAsync<string>("StartNewConversation", Cancel);
        await SendAsync(connection, "What should I learn?");
    }

    private static async Task SendAsync(HubConnection connection, string text)
    {
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", text, Cancel))
        {
            if (chunk.End is not null)
            {
                return;
            }
        }
    }
}
