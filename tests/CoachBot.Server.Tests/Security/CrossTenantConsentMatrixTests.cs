using System.Net;
using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Security;

/// <summary>
/// The users of tenant B in each consent state (never asked, consented, withdrawn, erased) against every principal that
/// reads users' data: A's principals never reach any of them, and B's own staff reach exactly what the state allows.
/// </summary>
public sealed class CrossTenantConsentMatrixTests(CrossTenantWorld world) : IClassFixture<CrossTenantWorld>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private enum ConsentState
    {
        Never,
        Consented,
        Withdrawn,
        Erased,
    }

    [Fact]
    public async Task Consent_and_erasure_states_decide_what_tenant_B_staff_read_and_tenant_A_reads_nothing()
    {
        var users = new Dictionary<ConsentState, (string UserId, string Words)>();
        foreach (var state in Enum.GetValues<ConsentState>())
        {
            users[state] = await PrepareAsync(state);
        }

        var failures = new List<string>();
        var calls = 0;
        var outsiders = new (string Name, HttpClient Client)[]
        {
            ("A admin key", world.Fixture.KeyClient(world.A.AdminKey)),
            ("A admin JWT", StaffTokenIssuer.Client(world.Host.BaseAddress, world.AStaffAdminToken)),
            ("A coach JWT", StaffTokenIssuer.Client(world.Host.BaseAddress, world.ACoachToken)),
            ("A end user", world.Host.AuthorizedClient(CoachBot.Server.Tests.Api.ErasureTests.SessionIssuedLater(world.Host, world.AUser))),
        };
        foreach (var (name, client) in outsiders)
        {
            using (client)
            {
                foreach (var (state, (userId, words)) in users)
                {
                    foreach (var (method, path) in ReadPaths(userId))
                    {
                        calls++;
                        using var response = await client.SendAsync(new HttpRequestMessage(method, path), Cancel);
                        var body = await response.Content.ReadAsStringAsync(Cancel);
                        var status = (int)response.StatusCode;
                        if (status is not (401 or 403 or 404) && (status >= 300 || body.Contains(words, StringComparison.Ordinal) || body.Contains(userId, StringComparison.Ordinal)))
                        {
                            failures.Add($"{name} → {method} {path} ({state}): {status} {body}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls reached tenant B's users:\n" + string.Join("\n", failures));

        // B's own staff: the admin exports only a consenting user, the coach reads and lists only a consenting user.
        using var bAdmin = world.Fixture.KeyClient(world.B.AdminKey);
        using var bCoach = StaffTokenIssuer.Client(world.Host.BaseAddress, world.Fixture.Staff.Mint("coach-b", world.B.TenantId, ["coach"]));
        var expected = new Dictionary<ConsentState, (HttpStatusCode Export, HttpStatusCode Transcript)>
        {
            [ConsentState.Never] = (HttpStatusCode.Forbidden, HttpStatusCode.NotFound),
            [ConsentState.Consented] = (HttpStatusCode.OK, HttpStatusCode.OK),
            [ConsentState.Withdrawn] = (HttpStatusCode.Forbidden, HttpStatusCode.NotFound),
            [ConsentState.Erased] = (HttpStatusCode.NotFound, HttpStatusCode.NotFound),
        };
        var listed = await bCoach.GetStringAsync(new Uri("/api/coach/users", UriKind.Relative), Cancel);
        foreach (var (state, (userId, words)) in users)
        {
            using var export = await bAdmin.GetAsync(new Uri($"/api/tenant/users/{userId}/export", UriKind.Relative), Cancel);
            using var transcript = await bCoach.GetAsync(new Uri($"/api/coach/users/{userId}/transcript?limit=10", UriKind.Relative), Cancel);
            var exportBody = await export.Content.ReadAsStringAsync(Cancel);
            var transcriptBody = await transcript.Content.ReadAsStringAsync(Cancel);
            var coachExport = await bCoach.GetStringAsync(new Uri($"/api/coach/export?userId={userId}&format=csv&redact=false", UriKind.Relative), Cancel);
            Assert.Equal(state == ConsentState.Consented, coachExport.Contains(words, StringComparison.Ordinal));
            Assert.True(expected[state] == (export.StatusCode, transcript.StatusCode), $"{state}: export {(int)export.StatusCode}, transcript {(int)transcript.StatusCode}");
            Assert.Equal(state == ConsentState.Consented, exportBody.Contains(words, StringComparison.Ordinal));
            Assert.Equal(state == ConsentState.Consented, transcriptBody.Contains(words, StringComparison.Ordinal));
            Assert.Equal(state == ConsentState.Consented, listed.Contains(userId, StringComparison.Ordinal));
            if (state != ConsentState.Consented)
            {
                Assert.Contains(state == ConsentState.Erased ? "\"not_found\"" : "\"consent_required\"", exportBody, StringComparison.Ordinal);
            }
        }
    }

    private static IEnumerable<(HttpMethod Method, string Path)> ReadPaths(string userId) =>
    [
        (HttpMethod.Get, $"/api/tenant/users/{userId}/export"),
        (HttpMethod.Get, $"/api/coach/users/{userId}/transcript?limit=10"),
        (HttpMethod.Get, "/api/coach/users"),
        (HttpMethod.Get, $"/api/coach/export?userId={userId}&format=json&redact=false"),
        (HttpMethod.Delete, $"/api/tenant/users/{userId}"),
    ];

    /// <summary>A user of tenant B who wrote something and is in <paramref name="state"/>.</summary>
    private async Task<(string UserId, string Words)> PrepareAsync(ConsentState state)
    {
        var userId = $"b-{state.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        var words = $"b-words-{Guid.NewGuid():N}";
        var session = await world.VerifiedSessionAsync(world.B, userId, Cancel);
        await using (var hub = await world.Host.ConnectAsync(session.Token))
        {
            await foreach (var _ in hub.StreamAsync<ReplyChunk>("SendMessage", "My private note: " + words, Cancel))
            {
            }
        }

        using var client = world.Host.AuthorizedClient(session.Token);
        if (state != ConsentState.Never)
        {
            (await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        }

        if (state == ConsentState.Withdrawn)
        {
            (await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = false }, TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        }

        if (state == ConsentState.Erased)
        {
            using var bAdmin = world.Fixture.KeyClient(world.B.AdminKey);
            using var erased = await bAdmin.DeleteAsync(new Uri($"/api/tenant/users/{userId}", UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        }

        return (userId, words);
    }
}
