using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Security;

/// <summary>
/// One real host with two tenants: A, whose principals attack, and B, whose data they must never reach. B's user has a
/// profile, a finished turn with feedback, and consent; B has a service key and audit entries.
/// </summary>
public sealed class CrossTenantWorld : IAsyncLifetime
{
    public TenantHostFixture Fixture { get; } = new();

    public TestHost Host => Fixture.Host;

    public WidgetTenant A { get; private set; } = null!;

    public WidgetTenant B { get; private set; } = null!;

    public IssuedSession AUser { get; private set; } = null!;

    public IssuedSession BUser { get; private set; } = null!;

    /// <summary>An anonymous widget session of tenant A (tenant key only).</summary>
    public IssuedSession AAnonymous { get; private set; } = null!;

    public string ACoachToken { get; private set; } = null!;

    public string AStaffAdminToken { get; private set; } = null!;

    /// <summary>The id of B's first admin key (from the operator) and of B's service key.</summary>
    public IReadOnlyList<string> BKeyIds { get; private set; } = [];

    public string BServiceKeyId => BKeyIds[^1];

    public string BTurnId { get; private set; } = null!;

    public string BConversationId { get; private set; } = null!;

    public string BMessage { get; } = "b-private-message-" + Guid.NewGuid().ToString("N");

    public string BTargetRole { get; } = "b-secret-role-" + Guid.NewGuid().ToString("N")[..12];

    public string BGoal { get; } = "b-secret-goal-" + Guid.NewGuid().ToString("N")[..12];

    public string BFeedbackComment { get; } = "b-secret-feedback-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Every value of B that must not appear in anything A's principals receive.</summary>
    public IReadOnlyList<string> BSecrets => [BUser.UserId, B.TenantId, BTurnId, BConversationId, BMessage, BTargetRole, BGoal, BFeedbackComment, B.WidgetKey, .. BKeyIds];

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        await Fixture.InitializeAsync();
        A = await WidgetTenant.CreateAsync(Fixture, "matrix-a", cancel);
        B = await WidgetTenant.CreateAsync(Fixture, "matrix-b", cancel);
        AUser = await VerifiedSessionAsync(A, "a-user-" + Guid.NewGuid().ToString("N")[..8], cancel);
        BUser = await VerifiedSessionAsync(B, "b-user-" + Guid.NewGuid().ToString("N")[..8], cancel);
        using (var anonymous = await Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = A.WidgetKey }, TestHost.Json, cancel))
        {
            anonymous.EnsureSuccessStatusCode();
            AAnonymous = (await anonymous.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, cancel))!;
            Assert.Equal(A.TenantId, AAnonymous.TenantId);
        }

        ACoachToken = Fixture.Staff.Mint("coach-a", A.TenantId, ["coach"]);
        AStaffAdminToken = Fixture.Staff.Mint("admin-a", A.TenantId, ["tenant-admin"]);

        using var bUser = Host.AuthorizedClient(BUser.Token);
        await using (var hub = await Host.ConnectAsync(BUser.Token))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            ReplyChunk? last = null;
            await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", BMessage, timeout.Token))
            {
                last = chunk;
            }

            Assert.Equal(TurnStatus.Completed, last?.End?.Status);
            BTurnId = last!.TurnId.ToString();
        }

        using (var profile = await bUser.PutAsJsonAsync("/api/me/profile", new { targetRole = BTargetRole, goals = new[] { BGoal } }, TestHost.Json, cancel))
        {
            profile.EnsureSuccessStatusCode();
        }

        using (var consent = await bUser.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, cancel))
        {
            consent.EnsureSuccessStatusCode();
        }

        using (var feedback = await bUser.PutAsJsonAsync($"/api/me/turns/{BTurnId}/feedback", new { rating = "up", comment = BFeedbackComment }, TestHost.Json, cancel))
        {
            feedback.EnsureSuccessStatusCode();
        }

        var history = (await bUser.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, cancel))!;
        BConversationId = history.ConversationId.ToString();

        using var bAdmin = Fixture.KeyClient(B.AdminKey);
        using (var created = await bAdmin.PostAsJsonAsync("/api/tenant/keys", new CreateApiKeyRequest("service"), TestHost.Json, cancel))
        {
            created.EnsureSuccessStatusCode();
        }

        var keys = (await bAdmin.GetFromJsonAsync<ApiKeyResponse[]>("/api/tenant/keys", TestHost.Json, cancel))!;
        BKeyIds = [.. keys.OrderBy(k => k.CreatedAt).Select(k => k.Id)];
        Assert.True(BKeyIds.Count >= 2, "B should have its admin key and a service key");
    }

    public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();

    /// <summary>What B holds, as B's own principals read it; compared before and after the attacks.</summary>
    public async Task<string> SnapshotBAsync(CancellationToken cancellationToken)
    {
        using var bUser = Host.AuthorizedClient(BUser.Token);
        using var bAdmin = Fixture.KeyClient(B.AdminKey);
        var profile = await bUser.GetStringAsync(new Uri("/api/me/profile", UriKind.Relative), cancellationToken);
        var history = (await bUser.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=100", TestHost.Json, cancellationToken))!;
        var consent = await bUser.GetStringAsync(new Uri("/api/me/consent", UriKind.Relative), cancellationToken);
        var keys = (await bAdmin.GetFromJsonAsync<ApiKeyResponse[]>("/api/tenant/keys", TestHost.Json, cancellationToken))!;
        using var audit = JsonDocument.Parse(await bAdmin.GetStringAsync(new Uri("/api/tenant/audit?limit=200", UriKind.Relative), cancellationToken));
        var tenant = (await bAdmin.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, cancellationToken))!;
        return string.Join(
            "\n",
            "profile=" + profile,
            "conversation=" + history.ConversationId,
            "messages=" + string.Join(" | ", history.Messages.Select(m => $"{m.Role}:{m.TurnId}:{m.Status}:{m.Text}:{m.Feedback}")),
            "consent=" + consent,
            "keys=" + string.Join(",", keys.OrderBy(k => k.Id, StringComparer.Ordinal).Select(k => $"{k.Id}:{k.Kind}:{k.RevokedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "active"}")),
            "audit=" + audit.RootElement.GetArrayLength(),
            "tenant=" + JsonSerializer.Serialize(tenant, TestHost.Json));
    }

    private async Task<IssuedSession> VerifiedSessionAsync(WidgetTenant tenant, string userId, CancellationToken cancellationToken)
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey, userId, userHash = tenant.HashFor(userId) }, TestHost.Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, cancellationToken))!;
    }
}
