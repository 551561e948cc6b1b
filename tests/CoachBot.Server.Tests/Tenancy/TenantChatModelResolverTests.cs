using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Coaching.Providers;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage.Tenancy;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachBot.Server.Tests.Tenancy;

/// <summary>A tenant's model key is read and decrypted when its settings change, not on every turn.</summary>
public sealed class TenantChatModelResolverTests
{
    private const string GetModelApiKey = nameof(ITenantStore.GetModelApiKeyAsync);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Steady_turns_reuse_the_model_without_reading_the_key_and_a_key_change_alone_applies_on_the_next_turn()
    {
        using var data = new TempFolder();
        var operatorKey = "cbk_op_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        CountingTenantStore? counter = null;
        await using var host = await TestHost.StartAsync(
            data.Path,
            services =>
            {
                services.RemoveAll<ITenantStore>();
                services.AddSingleton<RelationalTenantStore>();
                services.AddSingleton(sp =>
                {
                    var (store, count) = CountingTenantStore.Wrap(sp.GetRequiredService<RelationalTenantStore>());
                    counter = count;
                    return store;
                });
            },
            new Dictionary<string, string?>
            {
                ["Auth:OperatorKeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey))),
                // The tenant's endpoint of this test is on loopback, which tenant models may only reach when listed.
                ["Coaching:Llm:AllowedPrivateEndpoints:0"] = "127.0.0.1",
            });
        var model = new ModelSettingsInput { Provider = "openai-compatible", Endpoint = "http://127.0.0.1:9/v1", ModelId = "tenant-model", ApiKey = "sk-first-key" };
        var tenant = TenantId.Parse("keyed-" + Guid.NewGuid().ToString("N")[..8]);
        using var admin = await CreateTenantAsync(host, operatorKey, tenant, model);
        var resolver = host.Services.GetRequiredService<ITenantChatModelResolver>();

        var first = await resolver.ResolveAsync(tenant, Cancel);
        Assert.NotNull(first);
        Assert.Same(first, await resolver.ResolveAsync(tenant, Cancel));
        Assert.Same(first, await resolver.ResolveAsync(tenant, Cancel));
        Assert.Equal(1, counter!.Count(GetModelApiKey));

        // Only the key changes: the very next turn on this host reads it and builds a new connector.
        await PutAsync(admin, new TenantSettingsInput { Model = model with { ApiKey = "sk-second-key" } });
        var second = await resolver.ResolveAsync(tenant, Cancel);
        Assert.NotNull(second);
        Assert.NotSame(first, second);
        Assert.Same(second, await resolver.ResolveAsync(tenant, Cancel));
        Assert.Equal(2, counter.Count(GetModelApiKey));

        // Another part of the settings changes: the key is read once more, the connector (same key) stays.
        await PutAsync(admin, new TenantSettingsInput { Model = model with { ApiKey = null }, Persona = new TenantPersona { CoachName = "Ada" } });
        Assert.Same(second, await resolver.ResolveAsync(tenant, Cancel));
        Assert.Same(second, await resolver.ResolveAsync(tenant, Cancel));
        Assert.Equal(3, counter.Count(GetModelApiKey));
    }

    private static async Task<HttpClient> CreateTenantAsync(TestHost host, string operatorKey, TenantId tenant, ModelSettingsInput model)
    {
        using var operatorClient = KeyClient(host, operatorKey);
        using var created = await operatorClient.PostAsJsonAsync("/api/admin/tenants", new CreateTenantRequest(tenant.Value, "Keyed", new TenantSettingsInput { Model = model }), TestHost.Json, Cancel);
        created.EnsureSuccessStatusCode();
        using var key = await operatorClient.PostAsync(new Uri($"/api/admin/tenants/{tenant.Value}/keys", UriKind.Relative), null, Cancel);
        key.EnsureSuccessStatusCode();
        return KeyClient(host, (await key.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!.Key);
    }

    private static async Task PutAsync(HttpClient admin, TenantSettingsInput settings)
    {
        using var response = await admin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Keyed", settings), TestHost.Json, Cancel);
        response.EnsureSuccessStatusCode();
    }

    private static HttpClient KeyClient(TestHost host, string key)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }
}
