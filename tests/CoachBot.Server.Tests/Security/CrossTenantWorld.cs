using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Server.Api.CoachConsole;
using CoachBot.Server.Channels;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>The role id of B's own role-content overlay (a slug any tenant may also use for its own page).</summary>
    public string BOverlayRoleId { get; } = "b-role-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The display name and content version of B's overlay page: only B may ever see them.</summary>
    public string BOverlayRole { get; } = "Hidden Role " + Guid.NewGuid().ToString("N")[..10];

    public string BOverlayVersion { get; } = "2033.07." + Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string BFeedbackComment { get; } = "b-secret-feedback-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>B's Slack workspace: connected to B, so no other tenant may claim it.</summary>
    public string BSlackTeam { get; } = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>B's Slack bot token (write-only).</summary>
    public string BSlackBotToken { get; } = "xoxb-" + Guid.NewGuid().ToString("N");

    /// <summary>Every value of B that must not appear in anything A's principals receive.</summary>
    /// <summary>A flag a coach of B put on B's conversation.</summary>
    public string BFlagId { get; private set; } = null!;

    /// <summary>An approved answer of B's coaches.</summary>
    public string BApprovedAnswerId { get; private set; } = null!;

    public string BCorrection { get; } = "b-secret-correction-" + Guid.NewGuid().ToString("N")[..12];

    public IReadOnlyList<string> BSecrets => [BFlagId, BApprovedAnswerId, BCorrection, BUser.UserId, B.TenantId, BTurnId, BConversationId, BMessage, BTargetRole, BGoal, B.WidgetKey, BSlackTeam, BSlackBotToken, BFeedbackComment, BOverlayRole, BOverlayVersion, .. BKeyIds];

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

        using (var channels = await bAdmin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Tenant " + B.TenantId, new TenantSettingsInput
        {
            AllowedOrigins = ["https://www." + B.TenantId + ".example"],
            RetentionDays = 90,
            Channels = new ChannelSettingsInput { Slack = new SlackSettingsInput { TeamIds = [BSlackTeam], BotToken = BSlackBotToken } },
        }), TestHost.Json, cancel))
        {
            channels.EnsureSuccessStatusCode();
        }

        // B's user has linked a Slack account of B's workspace.
        using (var link = await bUser.PostAsync(new Uri("/api/me/channel-links", UriKind.Relative), null, cancel))
        {
            var code = (await link.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ChannelLinkCode>(TestHost.Json, cancel))!;
            var channels = Host.Services.GetRequiredService<IChannelConversations>();
            Assert.True((await channels.LinkAsync(TenantId.Parse(B.TenantId), BLinkedSlackAccount, code.Code, cancel)).Linked);
        }

        var page = RolePageText.For(BOverlayRoleId, BOverlayRole, BOverlayVersion);
        using (var overlay = await bAdmin.PutAsync(new Uri($"/api/tenant/content/roles/{BOverlayRoleId}", UriKind.Relative), new StringContent(page, System.Text.Encoding.UTF8, "text/markdown"), cancel))
        {
            overlay.EnsureSuccessStatusCode();
        }

        // B's user lets B's coaches review; a coach of B flags the conversation and approves a correction.
        using (var consent = await bUser.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, cancel))
        {
            consent.EnsureSuccessStatusCode();
        }

        using var bCoach = StaffTokenIssuer.Client(Host.BaseAddress, Fixture.Staff.Mint("coach-b", B.TenantId, ["coach"]));
        var bConversation = $"/api/coach/conversations/{BUser.UserId}/{BConversationId}";
        using (var flag = await bCoach.PostAsJsonAsync($"{bConversation}/flags", new { reason = "b-flag" }, TestHost.Json, cancel))
        {
            BFlagId = (await flag.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<FlagResponse>(TestHost.Json, cancel))!.Id;
        }

        using (var review = await bCoach.PutAsJsonAsync($"{bConversation}/turns/{BTurnId}/review", new { rubric = "outdated", correction = BCorrection }, TestHost.Json, cancel))
        {
            BApprovedAnswerId = (await review.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReviewResponse>(TestHost.Json, cancel))!.ApprovedAnswerId!;
        }

        var keys = (await bAdmin.GetFromJsonAsync<ApiKeyResponse[]>("/api/tenant/keys", TestHost.Json, cancel))!;
        BKeyIds = [.. keys.OrderBy(k => k.CreatedAt).Select(k => k.Id)];
        Assert.True(BKeyIds.Count >= 2, "B should have its admin key and a service key");
    }

    /// <summary>The Slack account B's user has linked.</summary>
    public ChannelAccount BLinkedSlackAccount => new(TurnChannels.Slack, BSlackTeam, "U0BLINKED");

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
        var roles = await bAdmin.GetStringAsync(new Uri("/api/tenant/content/roles", UriKind.Relative), cancellationToken);
        var overlay = await bAdmin.GetStringAsync(new Uri($"/api/tenant/content/roles/{BOverlayRoleId}", UriKind.Relative), cancellationToken);
        var links = await bUser.GetStringAsync(new Uri("/api/me/channel-links", UriKind.Relative), cancellationToken);
        return string.Join(
            "\n",
            "profile=" + profile,
            "conversation=" + history.ConversationId,
            "messages=" + string.Join(" | ", history.Messages.Select(m => $"{m.Role}:{m.TurnId}:{m.Status}:{m.Text}:{m.Feedback}")),
            "consent=" + consent,
            "keys=" + string.Join(",", keys.OrderBy(k => k.Id, StringComparer.Ordinal).Select(k => $"{k.Id}:{k.Kind}:{k.RevokedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "active"}")),
            "audit=" + audit.RootElement.GetArrayLength(),
            "tenant=" + JsonSerializer.Serialize(tenant, TestHost.Json),
            "roles=" + roles,
            "overlay=" + overlay,
            "links=" + links);
    }

    public async Task<IssuedSession> VerifiedSessionAsync(WidgetTenant tenant, string userId, CancellationToken cancellationToken)
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey, userId, userHash = tenant.HashFor(userId) }, TestHost.Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, cancellationToken))!;
    }
}
