using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Server.Tests.Tenancy;

/// <summary>A host that lost the key ring its tenants' secrets were encrypted with refuses what needs them, cleanly.</summary>
public sealed class LostKeyRingTests
{
    private const string ModelKey = "sk-lost-ring-model-key-77aa";
    private const string IdentitySecret = "identity-secret-lost-ring-0123456789abcdef";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_that_need_an_unreadable_secret_are_refused_and_everything_else_works()
    {
        using var data = new TempFolder();
        var operatorKey = "cbk_op_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string?> Settings(string keyRing) => new()
        {
            ["Auth:OperatorKeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey))),
            ["Secrets:KeyDirectory"] = Path.Combine(data.Path, keyRing),
            ["Coaching:Llm:MaxRetries"] = "0",
        };

        string adminKey;
        string widgetKey;
        await using (var first = await TestHost.StartAsync(data.Path, settings: Settings("ring-1")))
        {
            using var operatorClient = KeyClient(first, operatorKey);
            using var created = await operatorClient.PostAsJsonAsync("/api/admin/tenants", new CreateTenantRequest("ring", "Ring", new TenantSettingsInput
            {
                Model = new ModelSettingsInput { Provider = "openai-compatible", Endpoint = "http://127.0.0.1:9/v1", ModelId = "m", ApiKey = ModelKey },
            }), TestHost.Json, Cancel);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var key = await operatorClient.PostAsync(new Uri("/api/admin/tenants/ring/keys", UriKind.Relative), null, Cancel);
            adminKey = (await key.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!.Key;
            using var admin = KeyClient(first, adminKey);
            using var secret = await admin.PutAsJsonAsync("/api/tenant/identity-secret", new { identitySecret = IdentitySecret }, TestHost.Json, Cancel);
            Assert.Equal(HttpStatusCode.NoContent, secret.StatusCode);
            widgetKey = (await admin.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!.WidgetKey!;
            using var verified = await first.Http.PostAsJsonAsync("/api/sessions", VerifiedBody(widgetKey), TestHost.Json, Cancel);
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        }

        var logs = new CapturingLoggerProvider();
        await using var second = await TestHost.StartAsync(data.Path, services => services.AddSingleton<ILoggerProvider>(logs), Settings("ring-2"));

        using var refused = await second.Http.PostAsJsonAsync("/api/sessions", VerifiedBody(widgetKey), TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("\"code\":\"secret_unavailable\"", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(IdentitySecret, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("ring-1", problem, StringComparison.Ordinal);

        // An anonymous session needs no secret; its turn needs the model key and fails as a turn, not as a crash.
        using var anonymous = await second.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = widgetKey }, TestHost.Json, Cancel);
        anonymous.EnsureSuccessStatusCode();
        var session = (await anonymous.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Cancel))!;
        await using var hub = await second.ConnectAsync(session.Token);
        TurnEnd? end = null;
        await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", "What should I learn next?", Cancel))
        {
            end = chunk.End ?? end;
        }

        Assert.Equal(TurnStatus.Failed, end?.Status);
        Assert.Equal(ErrorCodes.ModelFailed, end?.ErrorCode);
        Assert.Contains("cannot be read", end?.ErrorMessage, StringComparison.Ordinal);

        using var adminAfter = KeyClient(second, adminKey);
        var tenant = (await adminAfter.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!;
        Assert.True(tenant.Settings.Model.HasApiKey);
        Assert.True(tenant.HasIdentitySecret);

        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("IdentitySecret of tenant ring cannot be decrypted", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("ModelApiKey of tenant ring cannot be decrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(IdentitySecret, StringComparison.Ordinal) || line.Contains(ModelKey, StringComparison.Ordinal));
    }

    private static object VerifiedBody(string widgetKey) =>
        new { tenantKey = widgetKey, userId = "user-7", userHash = WidgetIdentityVerifier.ComputeUserHash(IdentitySecret, "user-7") };

    private static HttpClient KeyClient(TestHost host, string key)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }
}
