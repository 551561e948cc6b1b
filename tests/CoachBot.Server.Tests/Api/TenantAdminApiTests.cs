using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api;

/// <summary>Tenants, API keys and the audit log on the real host, including attempts to cross tenants and roles.</summary>
public sealed class TenantAdminApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewTenantId(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_operator_creates_tenants_and_an_admin_manages_its_own_tenant_without_ever_seeing_the_model_key()
    {
        const string Secret = "sk-tenant-a-model-secret-0123456789";
        var tenantA = NewTenantId("a");
        var bodies = new List<string>();
        var adminKey = await fixture.CreateTenantWithAdminKeyAsync(tenantA, Secret, Cancel);
        Assert.StartsWith("cbk_admin_", adminKey.Key, StringComparison.Ordinal);
        Assert.Equal(tenantA, adminKey.TenantId);
        Assert.Equal("tenant-admin", adminKey.Kind);

        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        var list = await operatorClient.GetStringAsync(new Uri("/api/admin/tenants", UriKind.Relative), Cancel);
        bodies.Add(list);
        var tenants = JsonSerializer.Deserialize<TenantResponse[]>(list, TestHost.Json)!;
        Assert.Contains(tenants, t => t.Id == "default");
        Assert.True(tenants.Single(t => t.Id == tenantA).Settings.Model.HasApiKey);

        using var admin = fixture.KeyClient(adminKey.Key);
        var read = await admin.GetStringAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        bodies.Add(read);
        var tenant = JsonSerializer.Deserialize<TenantResponse>(read, TestHost.Json)!;
        Assert.Equal(tenantA, tenant.Id);
        Assert.Equal(["https://www." + tenantA + ".example"], tenant.Settings.AllowedOrigins);
        Assert.Equal("http://127.0.0.1:11434/v1", tenant.Settings.Model.Endpoint);

        var update = new UpdateTenantRequest("Acme Careers", new TenantSettingsInput
        {
            Persona = new() { CoachName = "Ada", Tone = "calm and concise", Greeting = "Hi, I'm Ada." },
            Model = new ModelSettingsInput { Provider = "openai", ModelId = "gpt-4o-mini" },
            Quotas = new() { MessagesPerUserPerDay = 50, ModelTokensPerDay = 0 },
            AllowedOrigins = ["HTTPS://Careers.Acme.example/"],
            RetentionDays = 30,
        });
        using var put = await admin.PutAsJsonAsync("/api/tenant", update, TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        bodies.Add(await put.Content.ReadAsStringAsync(Cancel));

        var updated = (await admin.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!;
        Assert.Equal("Acme Careers", updated.DisplayName);
        Assert.Equal("Ada", updated.Settings.Persona.CoachName);
        Assert.Equal(50, updated.Settings.Quotas.MessagesPerUserPerDay);
        Assert.Equal(["https://careers.acme.example"], updated.Settings.AllowedOrigins);
        Assert.Equal(30, updated.Settings.RetentionDays);
        Assert.True(updated.Settings.Model.HasApiKey, "an update without model.apiKey keeps the stored key");

        using var clear = await admin.PutAsJsonAsync("/api/tenant", update with { Settings = update.Settings! with { Model = new ModelSettingsInput { Provider = "offline", ApiKey = "" } } }, TestHost.Json, Cancel);
        var cleared = (await clear.Content.ReadFromJsonAsync<TenantResponse>(TestHost.Json, Cancel))!;
        Assert.False(cleared.Settings.Model.HasApiKey);

        bodies.Add(await admin.GetStringAsync(new Uri("/api/tenant/keys", UriKind.Relative), Cancel));
        bodies.Add(await admin.GetStringAsync(new Uri("/api/tenant/audit", UriKind.Relative), Cancel));
        Assert.All(bodies, body => Assert.DoesNotContain(Secret, body, StringComparison.Ordinal));
        Assert.All(bodies, body => Assert.DoesNotContain("\"apiKey\":", body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "model": { "endpoint": "not a url" } }""")]
    [InlineData("""{ "model": { "endpoint": "ftp://models.example/v1" } }""")]
    [InlineData("""{ "quotas": { "messagesPerUserPerDay": -1 } }""")]
    [InlineData("""{ "quotas": { "modelTokensPerDay": -5 } }""")]
    [InlineData("""{ "allowedOrigins": ["https://ok.example", "widget.example"] }""")]
    [InlineData("""{ "allowedOrigins": ["https://site.example/path"] }""")]
    [InlineData("""{ "retentionDays": 0 }""")]
    [InlineData("""{ "retentionDays": 3651 }""")]
    [InlineData("""{ "model": { "provider": "mystery" } }""")]
    public async Task Invalid_settings_get_400_settings_invalid_on_create_and_on_update(string settings)
    {
        var tenantId = NewTenantId("invalid");
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        using var create = await operatorClient.PostAsync(
            new Uri("/api/admin/tenants", UriKind.Relative), Json($$"""{ "id": "{{tenantId}}", "displayName": "Bad", "settings": {{settings}} }"""), Cancel);
        await AssertProblemAsync(create, HttpStatusCode.BadRequest, "settings_invalid");

        var adminKey = await fixture.CreateTenantWithAdminKeyAsync(tenantId, "sk-x", Cancel);
        using var admin = fixture.KeyClient(adminKey.Key);
        using var update = await admin.PutAsync(new Uri("/api/tenant", UriKind.Relative), Json($$"""{ "displayName": "Bad", "settings": {{settings}} }"""), Cancel);
        await AssertProblemAsync(update, HttpStatusCode.BadRequest, "settings_invalid");
        Assert.Equal(90, (await admin.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!.Settings.RetentionDays);
    }

    [Fact]
    public async Task An_admin_cannot_revoke_or_see_another_tenants_keys_and_gets_the_same_404_as_for_an_unknown_key()
    {
        var adminA = await fixture.CreateTenantWithAdminKeyAsync(NewTenantId("a"), "sk-a", Cancel);
        var tenantB = NewTenantId("b");
        var adminB = await fixture.CreateTenantWithAdminKeyAsync(tenantB, "sk-b", Cancel);
        using var clientA = fixture.KeyClient(adminA.Key);
        using var clientB = fixture.KeyClient(adminB.Key);
        using var serviceB = await clientB.PostAsJsonAsync("/api/tenant/keys", new CreateApiKeyRequest("service"), TestHost.Json, Cancel);
        var serviceKeyB = (await serviceB.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        Assert.StartsWith("cbk_svc_", serviceKeyB.Key, StringComparison.Ordinal);

        using var crossAdmin = await clientA.DeleteAsync(new Uri($"/api/tenant/keys/{adminB.Id}", UriKind.Relative), Cancel);
        using var crossService = await clientA.DeleteAsync(new Uri($"/api/tenant/keys/{serviceKeyB.Id}", UriKind.Relative), Cancel);
        using var unknown = await clientA.DeleteAsync(new Uri("/api/tenant/keys/key_0000000000000000000000000000000", UriKind.Relative), Cancel);
        var unknownBody = await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(unknownBody, await AssertProblemAsync(crossAdmin, HttpStatusCode.NotFound, "not_found"));
        Assert.Equal(unknownBody, await AssertProblemAsync(crossService, HttpStatusCode.NotFound, "not_found"));

        var keysSeenByA = await clientA.GetFromJsonAsync<ApiKeyResponse[]>("/api/tenant/keys", TestHost.Json, Cancel);
        Assert.Equal([adminA.Id], keysSeenByA!.Select(k => k.Id));
        var keysOfB = (await clientB.GetFromJsonAsync<ApiKeyResponse[]>("/api/tenant/keys", TestHost.Json, Cancel))!;
        Assert.All(keysOfB, k => Assert.Null(k.RevokedAt));
        Assert.Equal(tenantB, (await clientB.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!.Id);
    }

    [Fact]
    public async Task Keys_and_sessions_only_reach_what_their_role_allows()
    {
        var tenantId = NewTenantId("roles");
        var adminKey = await fixture.CreateTenantWithAdminKeyAsync(tenantId, "sk-roles", Cancel);
        using var admin = fixture.KeyClient(adminKey.Key);

        using var operatorCall = await admin.GetAsync(new Uri("/api/admin/tenants", UriKind.Relative), Cancel);
        await AssertProblemAsync(operatorCall, HttpStatusCode.Forbidden, "forbidden");
        using var operatorKeyCall = await admin.PostAsync(new Uri($"/api/admin/tenants/{tenantId}/keys", UriKind.Relative), null, Cancel);
        await AssertProblemAsync(operatorKeyCall, HttpStatusCode.Forbidden, "forbidden");

        using var service = await admin.PostAsJsonAsync("/api/tenant/keys", new CreateApiKeyRequest("service"), TestHost.Json, Cancel);
        var serviceKey = (await service.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        using var serviceClient = fixture.KeyClient(serviceKey.Key);
        using var serviceCall = await serviceClient.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(serviceCall, HttpStatusCode.Forbidden, "forbidden");

        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        using var operatorOnTenant = await operatorClient.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(operatorOnTenant, HttpStatusCode.Forbidden, "forbidden");

        var session = await fixture.Host.CreateSessionAsync();
        using var endUser = fixture.Host.AuthorizedClient(session.Token);
        using var sessionCall = await endUser.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(sessionCall, HttpStatusCode.Forbidden, "forbidden");
        using var sessionOperatorCall = await endUser.GetAsync(new Uri("/api/admin/tenants", UriKind.Relative), Cancel);
        await AssertProblemAsync(sessionOperatorCall, HttpStatusCode.Forbidden, "forbidden");

        using var anonymous = await fixture.Host.Http.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");
        using var unknownClient = fixture.KeyClient("cbk_admin_" + new string('A', 43));
        using var unknownCall = await unknownClient.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(unknownCall, HttpStatusCode.Unauthorized, "api_key_invalid");
        using var garbageClient = fixture.KeyClient("not-a-key");
        using var garbageCall = await garbageClient.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(garbageCall, HttpStatusCode.Unauthorized, "api_key_invalid");

        using var headerClient = fixture.KeyClient(adminKey.Key, inHeader: true);
        using var second = await headerClient.PostAsJsonAsync("/api/tenant/keys", new CreateApiKeyRequest("tenant-admin"), TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondKey = (await second.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        using var revoke = await headerClient.DeleteAsync(new Uri($"/api/tenant/keys/{secondKey.Id}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var revokedClient = fixture.KeyClient(secondKey.Key);
        using var revokedCall = await revokedClient.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        await AssertProblemAsync(revokedCall, HttpStatusCode.Unauthorized, "api_key_revoked");

        var keys = (await admin.GetFromJsonAsync<ApiKeyResponse[]>("/api/tenant/keys", TestHost.Json, Cancel))!;
        Assert.NotNull(keys.Single(k => k.Id == secondKey.Id).RevokedAt);
        Assert.NotNull(keys.Single(k => k.Id == adminKey.Id).LastUsedAt);
    }

    [Fact]
    public async Task The_audit_log_shows_who_created_and_revoked_keys_and_changed_settings_newest_first()
    {
        var tenantId = NewTenantId("audit");
        var adminKey = await fixture.CreateTenantWithAdminKeyAsync(tenantId, "sk-audit-secret", Cancel);
        using var admin = fixture.KeyClient(adminKey.Key);
        using var created = await admin.PostAsJsonAsync("/api/tenant/keys", new CreateApiKeyRequest("service"), TestHost.Json, Cancel);
        var serviceKey = (await created.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        (await admin.DeleteAsync(new Uri($"/api/tenant/keys/{serviceKey.Id}", UriKind.Relative), Cancel)).Dispose();
        (await admin.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Audited", new TenantSettingsInput { RetentionDays = 7, Model = new ModelSettingsInput { ApiKey = "sk-new-secret" } }), TestHost.Json, Cancel)).Dispose();

        var body = await admin.GetStringAsync(new Uri("/api/tenant/audit?limit=10", UriKind.Relative), Cancel);
        Assert.DoesNotContain("sk-new-secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-audit-secret", body, StringComparison.Ordinal);
        var audit = JsonSerializer.Deserialize<AuditEntryResponse[]>(body, TestHost.Json)!;
        Assert.Equal(["tenant.settings_changed", "key.revoked", "key.created", "key.created", "tenant.created"], audit.Select(e => e.Action));
        Assert.All(audit[..3], e => Assert.Equal(("tenant-admin", adminKey.Id), (e.ActorKind, e.ActorId)));
        Assert.Equal(("operator", "operator"), (audit[3].ActorKind, audit[4].ActorKind));
        Assert.Equal(serviceKey.Id, audit[1].Detail.GetProperty("keyId").GetString());
        Assert.Equal("service", audit[2].Detail.GetProperty("kind").GetString());
        Assert.Equal(adminKey.Id, audit[3].Detail.GetProperty("keyId").GetString());
        var changed = audit[0].Detail.GetProperty("changed").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("retentionDays", changed);
        Assert.Contains("model.apiKey", changed);

        Assert.Single(JsonSerializer.Deserialize<AuditEntryResponse[]>(await admin.GetStringAsync(new Uri("/api/tenant/audit?limit=1", UriKind.Relative), Cancel), TestHost.Json)!);
        using var badLimit = await admin.GetAsync(new Uri("/api/tenant/audit?limit=0", UriKind.Relative), Cancel);
        await AssertProblemAsync(badLimit, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task Creating_a_tenant_twice_is_a_conflict_and_keys_for_unknown_tenants_are_not_found()
    {
        var tenantId = NewTenantId("twice");
        await fixture.CreateTenantWithAdminKeyAsync(tenantId, "sk-twice", Cancel);
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);

        using var again = await operatorClient.PostAsJsonAsync("/api/admin/tenants", new CreateTenantRequest(tenantId, "Again", null), TestHost.Json, Cancel);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "tenant_exists");
        using var badId = await operatorClient.PostAsJsonAsync("/api/admin/tenants", new CreateTenantRequest("no/slashes", "Bad", null), TestHost.Json, Cancel);
        await AssertProblemAsync(badId, HttpStatusCode.BadRequest, "settings_invalid");
        using var missing = await operatorClient.PostAsync(new Uri("/api/admin/tenants/nobody-here/keys", UriKind.Relative), null, Cancel);
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "not_found");
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
        return text;
    }
}
