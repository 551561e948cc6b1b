using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Profiles;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CoachBot.Server.Tests.Identity;

/// <summary>Widget sessions on the real host: tenant keys, HMAC user hashes and identity tokens, and every way to fake them.</summary>
public sealed class WidgetIdentityTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_without_a_body_is_still_anonymous_in_the_default_tenant()
    {
        var session = await fixture.Host.CreateSessionAsync();
        Assert.Equal("default", session.TenantId);
        Assert.StartsWith("anon-", session.UserId, StringComparison.Ordinal);
        Assert.False(session.Verified);
    }

    [Fact]
    public async Task A_tenant_key_alone_gives_an_anonymous_session_in_that_tenant()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "anon", Cancel);
        var session = await CreateAsync(new { tenantKey = tenant.WidgetKey });
        Assert.Equal(tenant.TenantId, session.TenantId);
        Assert.StartsWith("anon-", session.UserId, StringComparison.Ordinal);
        Assert.False(session.Verified);
        Assert.Equal("false", Claim(session, "verified"));
    }

    [Fact]
    public async Task A_verified_user_reaches_the_same_profile_in_every_session()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "hmac", Cancel);
        var first = await CreateAsync(new { tenantKey = tenant.WidgetKey, userId = "user-42", userHash = tenant.HashFor("user-42") });
        Assert.Equal((tenant.TenantId, "user-42", true), (first.TenantId, first.UserId, first.Verified));
        Assert.Equal((tenant.TenantId, "user-42", "true"), (Claim(first, "tid"), Claim(first, "sub"), Claim(first, "verified")));
        using (var client = fixture.Host.AuthorizedClient(first.Token))
        {
            using var put = await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { TargetRole = "Data Engineer" }, TestHost.Json, Cancel);
            put.EnsureSuccessStatusCode();
        }

        var second = await CreateAsync(new { tenantKey = tenant.WidgetKey, identityToken = tenant.TokenFor("user-42", DateTimeOffset.UtcNow.AddMinutes(5)) });
        Assert.True(second.Verified);
        using var again = fixture.Host.AuthorizedClient(second.Token);
        var profile = await again.GetFromJsonAsync<CareerProfile>("/api/me/profile", TestHost.Json, Cancel);
        Assert.Equal("Data Engineer", profile!.TargetRole);

        using var renewed = await again.PostAsync(new Uri("/api/sessions", UriKind.Relative), null, Cancel);
        Assert.True((await renewed.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Cancel))!.Verified, "renewal keeps the verified flag");
    }

    [Fact]
    public async Task Impersonation_attempts_with_hashes_are_refused()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "fake", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "other", Cancel);
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "victim", userHash = tenant.HashFor("attacker") }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "victim", userHash = new string('0', 64) }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "victim", userHash = "not-hex" }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "victim" }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "victim", userHash = other.HashFor("victim") }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "anon-123", userHash = tenant.HashFor("anon-123") }, "identity_invalid");
    }

    [Fact]
    public async Task Unknown_or_malformed_tenant_keys_are_refused_alike()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "keys", Cancel);
        await AssertRefusedAsync(new { tenantKey = "cbw_" + new string('a', 48) }, "tenant_key_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.TenantId }, "tenant_key_invalid");
        await AssertRefusedAsync(new { tenantKey = "cbw_" + new string('b', 48), userId = "u1", userHash = tenant.HashFor("u1") }, "tenant_key_invalid");

        using var admin = fixture.KeyClient(tenant.AdminKey);
        using var rotated = await admin.PostAsync(new Uri("/api/tenant/widget-key", UriKind.Relative), null, Cancel);
        var newKey = (await rotated.Content.ReadFromJsonAsync<WidgetKeyResponse>(TestHost.Json, Cancel))!.WidgetKey;
        Assert.StartsWith("cbw_", newKey, StringComparison.Ordinal);
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey }, "tenant_key_invalid");
        Assert.Equal(tenant.TenantId, (await CreateAsync(new { tenantKey = newKey })).TenantId);
    }

    [Fact]
    public async Task Expired_replayed_and_foreign_identity_tokens_are_refused()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "jwt", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "jwt-other", Cancel);
        var now = DateTimeOffset.UtcNow;
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = tenant.TokenFor("u1", now.AddMinutes(-2)) }, "identity_expired");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = tenant.TokenFor("u1", now.AddMinutes(5), secret: other.IdentitySecret) }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = tenant.TokenFor("u1", now.AddHours(1)) }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = tenant.TokenFor("anon-1", now.AddMinutes(5)) }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = "not.a.token" }, "identity_invalid");

        var token = tenant.TokenFor("u1", now.AddMinutes(5), jti: "once");
        Assert.True((await CreateAsync(new { tenantKey = tenant.WidgetKey, identityToken = token })).Verified);
        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = token }, "identity_replayed");
        var sameIdOtherTenant = other.TokenFor("u1", now.AddMinutes(5), jti: "once");
        Assert.Equal(other.TenantId, (await CreateAsync(new { tenantKey = other.WidgetKey, identityToken = sameIdOtherTenant })).TenantId);
    }

    [Fact]
    public async Task A_valid_identity_of_one_tenant_is_refused_with_another_tenants_widget_key_and_stays_usable_for_its_own()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "own", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "foreign", Cancel);
        var token = tenant.TokenFor("u1", DateTimeOffset.UtcNow.AddMinutes(5), jti: "cross-" + Guid.NewGuid().ToString("N"));

        await AssertRefusedAsync(new { tenantKey = other.WidgetKey, identityToken = token }, "identity_invalid");
        await AssertRefusedAsync(new { tenantKey = other.WidgetKey, userId = "u1", userHash = tenant.HashFor("u1") }, "identity_invalid");

        // The refusal did not use up the token's jti.
        var session = await CreateAsync(new { tenantKey = tenant.WidgetKey, identityToken = token });
        Assert.Equal((tenant.TenantId, "u1", true), (session.TenantId, session.UserId, session.Verified));
    }

    [Fact]
    public async Task User_ids_outside_the_id_rules_are_refused_even_with_a_matching_hash_or_a_signed_token()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "ids", Cancel);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5);
        foreach (var userId in new[] { new string('u', 129), "has space", "semi;colon", "-leading", "quote\"d" })
        {
            await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId, userHash = tenant.HashFor(userId) }, "identity_invalid");
            await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, identityToken = tenant.TokenFor(userId, expires) }, "identity_invalid");
        }

        var longest = new string('u', 128);
        Assert.Equal(longest, (await CreateAsync(new { tenantKey = tenant.WidgetKey, userId = longest, userHash = tenant.HashFor(longest) })).UserId);
    }

    [Fact]
    public async Task The_identity_secret_is_write_only_and_its_changes_are_audited()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "secret", Cancel);
        using var admin = fixture.KeyClient(tenant.AdminKey);
        using var set = await admin.PutAsJsonAsync("/api/tenant/identity-secret", new SetIdentitySecretRequest(new string('s', 40)), TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        using var tooShort = await admin.PutAsJsonAsync("/api/tenant/identity-secret", new SetIdentitySecretRequest("short"), TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);

        var bodies = new[]
        {
            await admin.GetStringAsync(new Uri("/api/tenant", UriKind.Relative), Cancel),
            await admin.GetStringAsync(new Uri("/api/tenant/audit", UriKind.Relative), Cancel),
        };
        Assert.Contains("\"hasIdentitySecret\":true", bodies[0], StringComparison.Ordinal);
        Assert.Contains("identity_secret.rotated", bodies[1], StringComparison.Ordinal);
        Assert.All(bodies, body => Assert.DoesNotContain(new string('s', 40), body, StringComparison.Ordinal));
        Assert.All(bodies, body => Assert.DoesNotContain(tenant.IdentitySecret, body, StringComparison.Ordinal));

        await AssertRefusedAsync(new { tenantKey = tenant.WidgetKey, userId = "u1", userHash = tenant.HashFor("u1") }, "identity_invalid");
        Assert.True((await CreateAsync(new { tenantKey = tenant.WidgetKey, userId = "u1", userHash = WidgetIdentityVerifier.ComputeUserHash(new string('s', 40), "u1") })).Verified);
    }

    [Theory]
    [InlineData("/api/tenant/identity-secret")]
    [InlineData("/api/tenant/widget-key")]
    public async Task Rotating_the_identity_secret_or_the_widget_key_ends_the_verified_sessions_made_with_the_old_ones(string rotation)
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "rotate", Cancel);
        var before = await CreateAsync(new { tenantKey = tenant.WidgetKey, userId = "user-7", userHash = tenant.HashFor("user-7") });
        var anonymous = await CreateAsync(new { tenantKey = tenant.WidgetKey });
        using var client = fixture.Host.AuthorizedClient(before.Token);
        using (var working = await client.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, working.StatusCode);
        }

        using var admin = fixture.KeyClient(tenant.AdminKey);
        using (var rotated = await admin.PostAsync(new Uri(rotation, UriKind.Relative), null, Cancel))
        {
            rotated.EnsureSuccessStatusCode();
        }

        await AssertUnauthorizedAsync(client.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel), "session_revoked");
        await AssertUnauthorizedAsync(client.PostAsync(new Uri("/api/sessions", UriKind.Relative), null, Cancel), "session_revoked");

        // Anonymous sessions vouch for nobody and keep working; a session made with the new credentials works.
        using var stillAnonymous = fixture.Host.AuthorizedClient(anonymous.Token);
        using (var kept = await stillAnonymous.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        using var current = await admin.GetFromJsonAsync<JsonDocument>("/api/tenant", TestHost.Json, Cancel);
        var widgetKey = current!.RootElement.GetProperty("widgetKey").GetString();
        var secret = tenant.IdentitySecret;
        if (rotation.EndsWith("identity-secret", StringComparison.Ordinal))
        {
            using var set = await admin.PutAsJsonAsync("/api/tenant/identity-secret", new SetIdentitySecretRequest(new string('n', 40)), TestHost.Json, Cancel);
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
            secret = new string('n', 40);
        }

        var after = await CreateAsync(new { tenantKey = widgetKey, userId = "user-7", userHash = WidgetIdentityVerifier.ComputeUserHash(secret, "user-7") });
        using var renewedClient = fixture.Host.AuthorizedClient(after.Token);
        using var renewed = await renewedClient.PostAsync(new Uri("/api/sessions", UriKind.Relative), null, Cancel);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
    }

    private static async Task AssertUnauthorizedAsync(Task<HttpResponseMessage> call, string code)
    {
        using var response = await call;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    private async Task<IssuedSession> CreateAsync(object body)
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", body, TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Cancel))!;
    }

    private async Task AssertRefusedAsync(object body, string code)
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", body, TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    private static string? Claim(IssuedSession session, string name)
    {
        var token = new JsonWebToken(session.Token);
        return token.TryGetPayloadValue<object>(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.ToLowerInvariant() : null;
    }
}
