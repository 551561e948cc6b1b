using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Tests.Limits;

/// <summary>Quotas on the offline model, end to end: 0 means none, and its turns count against the token quota.</summary>
public sealed class OfflineQuotaTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Quotas_of_zero_limit_nothing()
    {
        var session = await SessionOfTenantWithAsync(new TenantQuotas { MessagesPerUserPerDay = 0, ModelTokensPerDay = 0 }, "zero");
        await using var connection = await fixture.Host.ConnectAsync(session.Token);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TurnStatus.Completed, await SendAsync(connection, "How do I prepare for a data analyst interview?"));
        }
    }

    [Fact]
    public async Task Offline_turns_report_their_tokens_so_the_daily_token_quota_applies()
    {
        var session = await SessionOfTenantWithAsync(new TenantQuotas { ModelTokensPerDay = 30 }, "tokens");
        await using var connection = await fixture.Host.ConnectAsync(session.Token);
        Assert.Equal(TurnStatus.Completed, await SendAsync(connection, "How do I prepare for a data analyst interview?"));

        var error = await Assert.ThrowsAsync<HubException>(() => SendAsync(connection, "And what should I read first?"));
        Assert.Contains("quota_exceeded: ", error.Message, StringComparison.Ordinal);

        // The reply's metadata carries the counted usage: prompt and reply tokens both.
        using var client = fixture.Host.AuthorizedClient(session.Token);
        var history = (await client.GetFromJsonAsync<ConversationHistory>("/api/me/history", TestHost.Json, Cancel))!;
        var usage = history.Messages.Single(m => m.Role == MessageRole.Assistant).Metadata?.Usage;
        Assert.NotNull(usage);
        Assert.True(usage.InputTokens > 30, $"prompt tokens {usage.InputTokens}");
        Assert.True(usage.OutputTokens > 10, $"reply tokens {usage.OutputTokens}");
    }

    private async Task<IssuedSession> SessionOfTenantWithAsync(TenantQuotas quotas, string name)
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "quota-" + name, Cancel);
        using var admin = fixture.KeyClient(tenant.AdminKey);
        var settings = new TenantSettingsInput { Quotas = quotas };
        (await admin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest(tenant.TenantId, settings), TestHost.Json, Cancel)).EnsureSuccessStatusCode();
        return await tenant.SignInAsync(fixture.Host, "learner", Cancel);
    }

    private static async Task<TurnStatus> SendAsync(Microsoft.AspNetCore.SignalR.Client.HubConnection connection, string text)
    {
        var status = TurnStatus.Streaming;
        await foreach (var chunk in Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.StreamAsync<ReplyChunk>(connection, "SendMessage", text, Cancel))
        {
            status = chunk.End?.Status ?? status;
        }

        return status;
    }
}
