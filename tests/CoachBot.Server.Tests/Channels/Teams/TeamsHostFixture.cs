using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoachBot.Ids;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Channels.Teams;

/// <summary>
/// A local Bot Connector and a real CoachBot host pointed at it, whose default tenant owns one Teams bot (app id, Entra
/// tenant, app password). One worker, so activities are handled in the order they were posted.
/// </summary>
public sealed class TeamsHostFixture : IAsyncLifetime
{
    public const string AppId = "5f0c1a7e-2b3d-4c5e-8f90-a1b2c3d4e5f6";
    public const string EntraTenantId = "0a1b2c3d-0000-4000-8000-00000000c0ac";
    public const string AppPassword = "emulated~teams~app~password";
    public const string BotId = "28:" + AppId;

    /// <summary>The bot of a second tenant, for the same Entra tenant.</summary>
    public const string OtherAppId = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

    private readonly TempFolder _data = new();
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly IReadOnlyDictionary<string, string?> _extraSettings;

    public TeamsHostFixture()
        : this(null, new Dictionary<string, string?>())
    {
    }

    /// <summary>A host of its own with services or settings changed, for a test that needs them.</summary>
    internal TeamsHostFixture(Action<IServiceCollection>? configureServices, IReadOnlyDictionary<string, string?> extraSettings)
    {
        _configureServices = configureServices;
        _extraSettings = extraSettings;
    }

    public BotConnectorEmulator Connector { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    public TenantId Tenant { get; } = TenantId.Parse("default");

    /// <summary>A second tenant whose bot is <see cref="OtherAppId"/>.</summary>
    public TenantId OtherTenant { get; } = TenantId.Parse("teams-other");

    public async ValueTask InitializeAsync()
    {
        Connector = await BotConnectorEmulator.StartAsync();
        var settings = new Dictionary<string, string?>(Connector.HostSettings)
        {
            ["Channels:Teams:Workers"] = "1",
            ["Channels:Teams:StreamInterval"] = "00:00:00.150",
            ["Channels:Teams:RetryBaseDelay"] = "00:00:00.050",
            ["Coaching:Offline:ChunkDelay"] = "00:00:00.020",
            ["Auth:SessionsPerMinutePerClient"] = "1000",
        };
        foreach (var (key, value) in _extraSettings)
        {
            settings[key] = value;
        }

        Host = await TestHost.StartAsync(_data.Path, _configureServices, settings);

        var store = Host.Services.GetRequiredService<ITenantStore>();
        var tenant = (await store.GetTenantAsync(Tenant))!;
        var channels = new TenantChannelSettings { Teams = new TeamsChannelSettings { AppId = AppId, TenantId = EntraTenantId } };
        await store.UpdateTenantAsync(Tenant, tenant.DisplayName, tenant.Settings with { Channels = channels },
            new TenantSecretChanges { TeamsAppPassword = new SecretChange(AppPassword) }, DateTimeOffset.UtcNow, AuditActor.System);

        var other = new TenantSettings { Channels = new TenantChannelSettings { Teams = new TeamsChannelSettings { AppId = OtherAppId } } };
        await store.CreateTenantAsync(new Tenant(OtherTenant, "Other", other, false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
            new TenantSecretChanges { TeamsAppPassword = new SecretChange(AppPassword + "~other") }, AuditActor.System);
    }

    /// <summary>Stops the host (as a shutdown would); the fixture's disposal then leaves it alone.</summary>
    public async Task StopHostAsync()
    {
        var host = Host;
        Host = null!;
        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Connector.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Posts an activity to /api/messages with the given token (a valid one when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(object activity, string? token = null, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
        };
        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Connector.Mint(AppId));
        }

        return await Host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A message from a Teams user as the channel sends it.</summary>
    public object Message(string conversationId, string userAadId, string text, string conversationType = "personal", string? activityId = null, object[]? entities = null) => new
    {
        type = "message",
        id = activityId ?? "1" + Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999),
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl = Connector.ServiceUrl,
        channelId = "msteams",
        from = new { id = "29:" + userAadId, name = "Alex", aadObjectId = userAadId },
        recipient = new { id = BotId, name = "Coach" },
        conversation = new { id = conversationId, conversationType, tenantId = EntraTenantId },
        text,
        textFormat = "plain",
        locale = "en-US",
        entities = entities ?? [],
        channelData = new { tenant = new { id = EntraTenantId } },
    };

    /// <summary>The bot added to a conversation.</summary>
    public object BotAdded(string conversationId) => new
    {
        type = "conversationUpdate",
        id = "f:" + Guid.NewGuid().ToString("N"),
        serviceUrl = Connector.ServiceUrl,
        channelId = "msteams",
        from = new { id = "29:installer" },
        recipient = new { id = BotId, name = "Coach" },
        conversation = new { id = conversationId, conversationType = "personal", tenantId = EntraTenantId },
        membersAdded = new[] { new { id = BotId } },
        channelData = new { tenant = new { id = EntraTenantId } },
    };

    public static string NewConversation() => "a:" + Guid.NewGuid().ToString("N");

    public static string NewUser() => Guid.NewGuid().ToString("D");
}
