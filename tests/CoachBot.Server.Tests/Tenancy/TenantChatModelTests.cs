using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.Offline;
using CoachBot.Coaching.Tests.Providers;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Server.Tests.Tenancy;

/// <summary>
/// Each tenant's replies come from its own model settings: a tenant on an OpenAI-compatible server (the local one of the
/// coaching tests, speaking the real streaming protocol) gets that server's text with its own key; another stays offline.
/// </summary>
public sealed class TenantChatModelTests : IAsyncLifetime
{
    private const string KeyA = "sk-tenant-a-model-key-5f2e9c";
    private const string SigningSecret = "0123456789abcdef0123456789abcdef";
    private const string BotToken = "xoxb-9-9-logcheckbottoken";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly TempFolder _data = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly string _operatorKey = "cbk_op_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private TestHost _host = null!;
    private OpenAICompatibleServer _model = null!;

    public async ValueTask InitializeAsync()
    {
        _model = await OpenAICompatibleServer.StartAsync();
        _host = await TestHost.StartAsync(
            _data.Path,
            services => services.AddSingleton<ILoggerProvider>(_logs),
            new Dictionary<string, string?>
            {
                ["Auth:OperatorKeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_operatorKey))),
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Orleans"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
                ["Coaching:Llm:MaxRetries"] = "0",
                // The tenants' model server of these tests runs on loopback, which tenant models may only reach when listed.
                ["Coaching:Llm:AllowedPrivateEndpoints:0"] = "127.0.0.1",
            });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _model.DisposeAsync();
        _data.Dispose();
    }

    private static CancellationToken Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(Bound);
        return source.Token;
    }

    [Fact]
    public async Task Each_tenant_gets_replies_from_its_own_model_and_a_settings_change_applies_on_the_next_turn()
    {
        var tenantA = await CreateTenantAsync("model-a", new ModelSettingsInput
        {
            Provider = "openai-compatible", Endpoint = _model.V1.AbsoluteUri, ModelId = "tenant-a-model", ApiKey = KeyA,
        }, new ChannelSettingsInput { Slack = new SlackSettingsInput { SigningSecret = SigningSecret, BotToken = BotToken } });
        var tenantB = await CreateTenantAsync("model-b", new ModelSettingsInput { Provider = "offline" });
        // The tenant's model first reads the profile facts of the message (one plain completion), then streams the reply.
        _model.Enqueue(
            ScriptedReply.Completion("""{ "yearsOfExperience": { "value": 7, "span": "7 years" } }"""),
            ScriptedReply.Stream(["Hello ", "from ", "tenant A's ", "own model."], usage: (40, 6)));

        var (textA, endA) = await SendAsync(tenantA.Widget, "I have 7 years as a backend developer. What should I learn next?");
        Assert.Equal(TurnStatus.Completed, endA.Status);
        Assert.Equal("Hello from tenant A's own model.", textA);
        Assert.Equal(2, _model.Requests.Count);
        Assert.All(_model.Requests, request =>
        {
            Assert.Equal("Bearer " + KeyA, request.Header("Authorization"));
            Assert.Equal("tenant-a-model", request.Body["model"]?.GetValue<string>());
        });
        Assert.NotEqual(true, _model.Requests[0].Body["stream"]?.GetValue<bool>());
        Assert.Contains("7 years", _model.Requests[0].Body["messages"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(_model.Requests[1].Body["stream"]?.GetValue<bool>());
        Assert.Equal(6, endA.Metadata?.Usage?.OutputTokens);

        var (textB, endB) = await SendAsync(tenantB.Widget, "What should I learn next as a backend developer?");
        Assert.Equal(TurnStatus.Completed, endB.Status);
        Assert.DoesNotContain("tenant A", textB, StringComparison.Ordinal);
        Assert.Contains("backend", textB, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, _model.Requests.Count);

        // Tenant A switches to the offline coach; its key stays stored. The very next turn no longer calls the server.
        using var admin = AdminClient(tenantA.AdminKey);
        using var put = await admin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Model A", new TenantSettingsInput
        {
            Model = new ModelSettingsInput { Provider = "offline" },
        }), TestHost.Json, Timeout());
        put.EnsureSuccessStatusCode();
        var (offlineText, offlineEnd) = await SendAsync(tenantA.Widget, "How do I prepare for a backend interview?");
        Assert.Equal(TurnStatus.Completed, offlineEnd.Status);
        Assert.DoesNotContain("tenant A", offlineText, StringComparison.Ordinal);
        Assert.Equal(2, _model.Requests.Count);

        // And back to the server: the rebuilt connector is used at once.
        using var back = await admin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Model A", new TenantSettingsInput
        {
            Model = new ModelSettingsInput { Provider = "openai-compatible", Endpoint = _model.V1.AbsoluteUri, ModelId = "tenant-a-model-2" },
        }), TestHost.Json, Timeout());
        back.EnsureSuccessStatusCode();
        // "Anything else?" says nothing about the person: no fact-extraction call, only the reply.
        var before = _model.Requests.Count;
        _model.Enqueue(ScriptedReply.Stream(["Second ", "model."]));
        var (againText, _) = await SendAsync(tenantA.Widget, "Anything else?");
        Assert.Equal("Second model.", againText);
        Assert.Equal(before + 1, _model.Requests.Count);
        Assert.Equal("tenant-a-model-2", _model.Requests[^1].Body["model"]?.GetValue<string>());
        Assert.Equal("Bearer " + KeyA, _model.Requests[^1].Header("Authorization"));

        foreach (var secret in new[] { KeyA, SigningSecret, BotToken })
        {
            Assert.DoesNotContain(_logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Contains(_logs.Lines, line => line.Contains("Chat model for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_whose_model_cannot_work_gets_a_failed_turn_with_a_clear_message()
    {
        var tenant = await CreateTenantAsync("no-key", new ModelSettingsInput { Provider = "openai", ModelId = "gpt-4o-mini" });

        var (text, end) = await SendAsync(tenant.Widget, "What should I learn next?");

        Assert.Equal("", text);
        Assert.Equal(TurnStatus.Failed, end.Status);
        Assert.Equal(ErrorCodes.ModelFailed, end.ErrorCode);
        Assert.Contains("an API key", end.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("administrator", end.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_model.Requests);

        // The user message is kept and the next turn (after the admin fixes the settings) works.
        using var admin = AdminClient(tenant.AdminKey);
        using var put = await admin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("No key", new TenantSettingsInput
        {
            Model = new ModelSettingsInput { Provider = "offline" },
        }), TestHost.Json, Timeout());
        put.EnsureSuccessStatusCode();
        var (_, fixedEnd) = await SendAsync(tenant.Widget, "What should I learn next?");
        Assert.Equal(TurnStatus.Completed, fixedEnd.Status);
        Assert.Equal(OfflineCoachModel.ModelId, (await HistoryModelAsync(tenant.Widget)));
    }

    [Fact]
    public async Task An_invented_figure_and_an_unknown_marker_reach_neither_the_person_nor_the_transcript()
    {
        var tenant = await CreateTenantAsync("cleaned", new ModelSettingsInput
        {
            Provider = "openai-compatible", Endpoint = _model.V1.AbsoluteUri, ModelId = "tenant-model", ApiKey = KeyA,
        });
        // No turn gives the model more than MaxSections sections, so this marker points at nothing.
        var unknown = $"[{CoachingContextBuilder.MaxSections + 2}]";
        _model.Enqueue(
            ScriptedReply.Stream(["Backend developers at your level see USD 110,000–145,000 [1]. A few report USD 4", $"00,000 {unknown[..2]}", $"{unknown[2..]}. Bring", " data to the talk [1]."]));

        var (text, end) = await SendAsync(tenant.Widget, "What salary can a backend developer in the USA expect?");

        const string Expected = "Backend developers at your level see USD 110,000–145,000 [1]. A few report " + ReplyPostProcessor.UnknownFigure + ". Bring data to the talk [1].";
        Assert.Equal(TurnStatus.Completed, end.Status);
        Assert.Equal(Expected, text);
        var cited = Assert.Single(end.Citations);
        Assert.Equal(("backend-developer", "salary"), (cited.RoleId, cited.SectionId));
        Assert.Equal(
            [(GroundingCheck.SalaryKind, "USD 400,000"), (GroundingCheck.CitationKind, unknown)],
            end.Metadata!.Flags.Select(f => (f.Kind, f.Text)));

        var stored = (await HistoryAsync(tenant.Widget)).Messages[^1];
        Assert.Equal(MessageRole.Assistant, stored.Role);
        Assert.Equal(Expected, stored.Text);
        Assert.Equal(end.Citations, stored.Citations);
        Assert.Equal(2, stored.Metadata!.Flags.Length);
    }

    private sealed record CreatedTenant(string AdminKey, string Widget);

    private async Task<CreatedTenant> CreateTenantAsync(string name, ModelSettingsInput model, ChannelSettingsInput? channels = null)
    {
        var id = name + "-" + Guid.NewGuid().ToString("N")[..8];
        using var operatorClient = AdminClient(_operatorKey);
        using var created = await operatorClient.PostAsJsonAsync(
            "/api/admin/tenants", new CreateTenantRequest(id, name, new TenantSettingsInput { Model = model, Channels = channels }), TestHost.Json, Timeout());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tenant = (await created.Content.ReadFromJsonAsync<TenantResponse>(TestHost.Json, Timeout()))!;
        using var key = await operatorClient.PostAsync(new Uri($"/api/admin/tenants/{id}/keys", UriKind.Relative), null, Timeout());
        key.EnsureSuccessStatusCode();
        var admin = (await key.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Timeout()))!;
        return new CreatedTenant(admin.Key, tenant.WidgetKey!);
    }

    private HttpClient AdminClient(string key)
    {
        var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    private readonly Dictionary<string, string> _sessions = [];

    private async Task<string> SessionAsync(string widgetKey)
    {
        if (!_sessions.TryGetValue(widgetKey, out var token))
        {
            using var response = await _host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = widgetKey }, TestHost.Json, Timeout());
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Timeout()))!.Token;
            _sessions[widgetKey] = token;
        }

        return token;
    }

    private async Task<(string Text, TurnEnd End)> SendAsync(string widgetKey, string message)
    {
        await using var connection = await _host.ConnectAsync(await SessionAsync(widgetKey));
        var text = new StringBuilder();
        TurnEnd? end = null;
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", message, Timeout()))
        {
            text.Append(chunk.Delta);
            end = chunk.End ?? end;
        }

        return (text.ToString(), end!);
    }

    private async Task<string?> HistoryModelAsync(string widgetKey) => (await HistoryAsync(widgetKey)).Messages[^1].Model;

    private async Task<ConversationHistory> HistoryAsync(string widgetKey)
    {
        await using var connection = await _host.ConnectAsync(await SessionAsync(widgetKey));
        return await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
    }
}
