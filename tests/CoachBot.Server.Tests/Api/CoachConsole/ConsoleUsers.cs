using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Api.CoachConsole;

/// <summary>Widget users of a test tenant, with or without consent to coaching review.</summary>
internal static class ConsoleUsers
{
    public static async Task<IssuedSession> SessionAsync(TenantHostFixture fixture, WidgetTenant tenant, string userId, bool consent)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var response = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey, userId, userHash = tenant.HashFor(userId) }, TestHost.Json, cancel);
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, cancel))!;
        using var client = fixture.Host.AuthorizedClient(session.Token);
        using var put = await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = consent }, TestHost.Json, cancel);
        put.EnsureSuccessStatusCode();
        return session;
    }

    /// <summary>Sends a message through the hub and reads its reply to the end.</summary>
    public static async Task SendAsync(TenantHostFixture fixture, string token, string text)
    {
        await using var hub = await fixture.Host.ConnectAsync(token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var _ in hub.StreamAsync<ReplyChunk>("SendMessage", text, timeout.Token))
        {
        }
    }
}
