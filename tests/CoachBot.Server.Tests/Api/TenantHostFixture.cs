using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api;

/// <summary>One real host with a bootstrapped operator key, shared by the tenant API tests (each uses its own tenants).</summary>
public sealed class TenantHostFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly IReadOnlyDictionary<string, string?> _extraSettings;

    public TenantHostFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A host of its own with some settings changed, for a test that needs them (start it with <see cref="InitializeAsync"/>).</summary>
    internal TenantHostFixture(IReadOnlyDictionary<string, string?> extraSettings) => _extraSettings = extraSettings;

    /// <summary>The operator key; the host knows only its SHA-256, as documented.</summary>
    public string OperatorKey { get; } = "cbk_op_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public TestHost Host { get; private set; } = null!;

    /// <summary>The identity provider's signing key for staff tokens; the host trusts it through Auth:Staff settings.</summary>
    public StaffTokenIssuer Staff { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey)));
        var settings = new Dictionary<string, string?>(Staff.HostSettings) 
        {
            ["Auth:OperatorKeyHash"] = hash,
            // The identity tests create many sessions from one address; the limit itself is tested elsewhere.
            ["Auth:SessionsPerMinutePerClient"] = "1000",
        };
        foreach (var (key, value) in _extraSettings)
        {
            settings[key] = value;
        }

        Host = await TestHost.StartAsync(_data.Path, settings: settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A client sending <paramref name="key"/> as "Authorization: ApiKey ..." (or in X-Api-Key).</summary>
    public HttpClient KeyClient(string key, bool inHeader = false)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        if (inHeader)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        else
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }

        return client;
    }

    /// <summary>Creates a tenant through the operator API, with a model API key, and returns a tenant admin key for it.</summary>
    public async Task<CreatedApiKeyResponse> CreateTenantWithAdminKeyAsync(string tenantId, string modelApiKey, CancellationToken cancellationToken)
    {
        using var operatorClient = KeyClient(OperatorKey);
        var request = new CreateTenantRequest(tenantId, "Tenant " + tenantId, new TenantSettingsInput
        {
            // The deployment's model writes the replies; the key is stored to prove it is never shown.
            Model = new ModelSettingsInput { Provider = "platform", Endpoint = "http://127.0.0.1:11434/v1", ModelId = "llama3", ApiKey = modelApiKey },
            AllowedOrigins = ["https://www." + tenantId + ".example"],
            RetentionDays = 90,
        });
        using var created = await operatorClient.PostAsJsonAsync("/api/admin/tenants", request, TestHost.Json, cancellationToken);
        created.EnsureSuccessStatusCode();
        using var key = await operatorClient.PostAsync(new Uri($"/api/admin/tenants/{tenantId}/keys", UriKind.Relative), null, cancellationToken);
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, cancellationToken))!;
    }
}
