using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Channels;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>
/// A CoachBot host whose Slack Web API is a <see cref="SlackEmulator"/>, with two tenants on Slack: the default tenant
/// (its own signing secret; its workspace streams) and a second one whose workspace has no streaming methods.
/// </summary>
public sealed class SlackHostFixture : IAsyncLifetime
{
    public const string AppSigningSecret = "appsecret0123456789abcdef0123456";
    public const string TenantSigningSecret = "tenantsecret0123456789abcdef0123";
    public const string StreamingTeam = "T0STREAM";
    public const string StreamingToken = "xoxb-1-streaming-token";
    public const string UpdateTenant = "slack-update";
    public const string UpdateTeam = "T0UPDATE";
    public const string UpdateToken = "xoxb-2-update-token";
    public const string BotUser = "U0COACHBOT";
    public const string ClientId = "1234.5678";
    public const string ClientSecret = "clientsecret0123456789abcdef";

    private readonly TempFolder _data = new();
    private int _next;

    public SlackEmulator Slack { get; private set; } = null!;

    /// <summary>The identity provider of coaches, whom the host trusts.</summary>
    public StaffTokenIssuer Staff { get; } = new();

    public TestHost Host { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>Settings a host needs to talk to the emulator (also for a second host on the same data).</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Channels:Slack:ApiBaseUrl"] = Slack.ApiBaseUrl.ToString(),
        ["Channels:Slack:AuthorizeUrl"] = "https://slack.example/oauth/v2/authorize",
        ["Channels:Slack:SigningSecret"] = AppSigningSecret,
        ["Channels:Slack:ClientId"] = ClientId,
        ["Channels:Slack:ClientSecret"] = ClientSecret,
        ["Channels:Slack:UpdateInterval"] = "00:00:00.200",
        ["Channels:Slack:ResponseUrlHosts:0"] = "127.0.0.1",
        // One worker: deliveries are handled in order, so a later delivery's reply proves an earlier one was handled.
        ["Channels:Slack:Concurrency"] = "1",
        ["Coaching:Offline:ChunkDelay"] = "00:00:00.030",
        ["Auth:SessionsPerMinutePerClient"] = "1000",
        ["Auth:Staff:Issuer"] = StaffTokenIssuer.Issuer,
        ["Auth:Staff:Audience"] = StaffTokenIssuer.Audience,
        ["Auth:Staff:SigningKeys:0"] = Staff.HostSettings["Auth:Staff:SigningKeys:0"],
    };

    public async ValueTask InitializeAsync()
    {
        Slack = await SlackEmulator.StartAsync();
        Slack.Client = (ClientId, ClientSecret);
        Slack.TokensWithoutStreaming[UpdateToken] = true;
        Host = await TestHost.StartAsync(_data.Path, settings: Settings);

        var store = Host.Services.GetRequiredService<ITenantStore>();
        var tenant = (await store.GetTenantAsync(TenantId.Parse("default")))!;
        await store.UpdateTenantAsync(tenant.Id, tenant.DisplayName, WithSlack(tenant.Settings, StreamingTeam),
            new TenantSecretChanges { SlackSigningSecret = new(TenantSigningSecret), SlackBotToken = new(StreamingToken) }, DateTimeOffset.UtcNow, AuditActor.System);
        var now = DateTimeOffset.UtcNow;
        await store.CreateTenantAsync(new Tenant(TenantId.Parse(UpdateTenant), "Slack without streaming", WithSlack(new TenantSettings(), UpdateTeam), false, now, now),
            new TenantSecretChanges { SlackBotToken = new(UpdateToken) }, AuditActor.System);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A fresh id with a prefix, unique within the fixture (Slack ids are uppercase letters and digits).</summary>
    public string NewId(string prefix) => prefix + Interlocked.Increment(ref _next).ToString("D4", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>An Events API delivery of a message event, as JSON.</summary>
    public static JsonObject Event(string team, string eventId, JsonObject message) => new()
    {
        ["token"] = "unused-verification-token",
        ["team_id"] = team,
        ["api_app_id"] = "A0COACHBOT",
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = team, ["user_id"] = BotUser, ["is_bot"] = true }),
        ["event"] = message,
    };

    /// <summary>A direct message to the bot.</summary>
    public static JsonObject DirectMessage(string user, string channel, string ts, string text) => new()
    {
        ["type"] = "message",
        ["channel_type"] = "im",
        ["user"] = user,
        ["channel"] = channel,
        ["ts"] = ts,
        ["text"] = text,
    };

    /// <summary>A request signed the way Slack signs (computed here independently of CoachBot's code).</summary>
    public static HttpRequestMessage Signed(string path, string body, string contentType, string secret, long? timestamp = null)
    {
        var at = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{at}:{body}"));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", at);
        request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(digest));
        return request;
    }

    /// <summary>Delivers an event to a host, signed with <paramref name="secret"/>; the response is returned for checking.</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(TestHost host, JsonObject delivery, string secret, int? retry = null)
    {
        using var request = Signed("/api/slack/events", delivery.ToJsonString(), "application/json", secret);
        if (retry is { } number)
        {
            request.Headers.Add("X-Slack-Retry-Num", number.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a form-encoded request (slash command or interactivity) signed with <paramref name="secret"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(TestHost host, string path, IDictionary<string, string> fields, string secret)
    {
        using var content = new FormUrlEncodedContent(fields);
        var body = await content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var request = Signed(path, body, "application/x-www-form-urlencoded", secret);
        return await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The CoachBot user a Slack account of one of the fixture's workspaces acts as.</summary>
    public Task<UserKey> UserOfAsync(string team, string slackUser) =>
        Host.Services.GetRequiredService<IChannelConversations>().ResolveUserAsync(
            TenantId.Parse(team == UpdateTeam ? UpdateTenant : "default"), new ChannelAccount(TurnChannels.Slack, team, slackUser), TestContext.Current.CancellationToken);

    /// <summary>The current conversation of that user, as the grain holds it.</summary>
    public async Task<ConversationHistory> HistoryOfAsync(string team, string slackUser) =>
        await Host.Services.GetRequiredService<IGrainFactory>().GetUserGrain(await UserOfAsync(team, slackUser)).GetHistoryAsync(20);

    private static TenantSettings WithSlack(TenantSettings settings, string team) => settings with
    {
        Channels = settings.Channels with { Slack = settings.Channels.Slack with { TeamIds = [team] } },
    };
}
