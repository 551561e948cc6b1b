using System.Net;
using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Server.Tests.Api;

/// <summary>Erasure is complete: sessions, connections, consent and its audit trail go, and no file keeps the text.</summary>
public sealed class ErasureTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A token for the session's user issued a few seconds from now, as a sign-in after an erasure would get.</summary>
    public static string SessionIssuedLater(TestHost host, IssuedSession session) =>
        new SessionTokens(
                host.Services.GetRequiredService<SigningKeyProvider>(),
                host.Services.GetRequiredService<IOptions<SessionTokenOptions>>(),
                new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(2)))
            .Issue(
                new UserKey(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId)),
                session.Verified,
                // A verified session carries the stamp of the tenant's current credentials, as one from POST /api/sessions does.
                session.Verified ? host.Services.GetRequiredService<SessionCredentials>().CurrentAsync(TenantId.Parse(session.TenantId)).AsTask().GetAwaiter().GetResult() : null).Token;

    [Fact]
    public async Task An_erased_user_loses_sessions_connections_and_consent_and_signs_in_again_unconsented()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "erase", Cancel);
        var session = await tenant.SignInAsync(fixture.Host, "learner-7", Cancel);
        using var client = fixture.Host.AuthorizedClient(session.Token);
        (await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-eve", tenant.TenantId, ["coach"]));
        Assert.Single((await coach.GetFromJsonAsync<CoachedUserResponse[]>("/api/coach/users", TestHost.Json, Cancel))!);

        await using var connection = await fixture.Host.ConnectAsync(session.Token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        using (var erased = await client.DeleteAsync(new Uri("/api/me", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        await ProblemAssert.HasCodeAsync(await client.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel), HttpStatusCode.Unauthorized, ErrorCodes.TokenRevoked);
        var reconnect = await Assert.ThrowsAsync<HttpRequestException>(() => fixture.Host.ConnectAsync(session.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
        Assert.Empty((await coach.GetFromJsonAsync<CoachedUserResponse[]>("/api/coach/users", TestHost.Json, Cancel))!);

        // Signing in again is a fresh start: no consent until the user gives it again.
        using var again = fixture.Host.AuthorizedClient(SessionIssuedLater(fixture.Host, session));
        Assert.Contains("false", await again.GetStringAsync(new Uri("/api/me/consent", UriKind.Relative), Cancel), StringComparison.Ordinal);
        Assert.Empty((await coach.GetFromJsonAsync<CoachedUserResponse[]>("/api/coach/users", TestHost.Json, Cancel))!);

        // The consent changes the user made are gone from the audit log; the record of the erasure stays.
        using var admin = fixture.KeyClient(tenant.AdminKey);
        var audit = (await admin.GetFromJsonAsync<AuditEntryResponse[]>("/api/tenant/audit?limit=100", TestHost.Json, Cancel))!;
        Assert.DoesNotContain(audit, a => a.Action is AuditActions.ConsentGranted or AuditActions.ConsentWithdrawn);
        Assert.Contains(audit, a => a.Action == AuditActions.UserDeleted && a.Detail.GetProperty("userId").GetString() == "learner-7");
    }

    [Fact]
    public async Task After_erasure_no_database_file_holds_the_users_words()
    {
        const string Marker = "Quillfeatherington";
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        using var client = host.AuthorizedClient(session.Token);
        (await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { TargetRole = Marker + " analyst" }, TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        await using (var connection = await host.ConnectAsync(session.Token))
        {
            for (var i = 0; i < 3; i++)
            {
                await foreach (var _ in connection.StreamAsync<ReplyChunk>("SendMessage", $"I worked at {Marker} Labs for {i + 2} years as a data analyst. What next?", Cancel))
                {
                }
            }
        }

        var before = await TestStorage.FilesHoldingAsync(data.Path, Marker, Cancel);
        Assert.NotEmpty(before);

        using (var erased = await client.DeleteAsync(new Uri("/api/me", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        if (!TestStorage.UsesPostgreSql)
        {
            var files = Directory.GetFiles(data.Path, "coachbot.db*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("coachbot.db", StringComparison.Ordinal));
        }

        Assert.Empty(await TestStorage.FilesHoldingAsync(data.Path, Marker, Cancel));
    }
}
