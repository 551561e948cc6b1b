using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Limits;

/// <summary>The daily message quota as a hub client sees it, with the tenant's own setting.</summary>
public sealed class QuotaHubTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_message_after_the_daily_quota_is_refused_with_quota_exceeded_and_a_retry_time()
    {
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        using var key = await operatorClient.PostAsync(new Uri("/api/admin/tenants/default/keys", UriKind.Relative), null, Cancel);
        var admin = (await key.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        using var adminClient = fixture.KeyClient(admin.Key);
        var settings = new TenantSettingsInput { Quotas = new TenantQuotas { MessagesPerUserPerDay = 1 } };
        (await adminClient.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Default", settings), TestHost.Json, Cancel)).EnsureSuccessStatusCode();

        var session = await fixture.Host.CreateSessionAsync();
        await using var connection = await fixture.Host.ConnectAsync(session.Token);
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "My one question today", Cancel))
        {
            if (chunk.End is { } end)
            {
                Assert.Equal(TurnStatus.Completed, end.Status);
            }
        }

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "And another", Cancel))
            {
                Assert.Fail("no reply was expected, got " + chunk.Delta);
            }
        });
        Assert.Contains("quota_exceeded: ", error.Message, StringComparison.Ordinal);
        var seconds = int.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, "retry after ([0-9]+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 24 * 60 * 60);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }
}
