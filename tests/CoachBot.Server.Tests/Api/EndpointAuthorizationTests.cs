using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api;

/// <summary>Guards against an admin or coach endpoint added without its policy: every one must name a policy and none may allow anonymous calls.</summary>
public sealed class EndpointAuthorizationTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    [Fact]
    public void Every_admin_and_tenant_endpoint_requires_a_named_policy()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route
                && (route.StartsWith("/api/admin/", StringComparison.Ordinal) || route.StartsWith("/api/tenant", StringComparison.Ordinal)
                    || route.StartsWith("/api/coach/", StringComparison.Ordinal)))
            .ToList();

        Assert.True(endpoints.Count >= 14, $"expected the admin and coach endpoints, found {endpoints.Count}");
        Assert.All(endpoints, endpoint =>
        {
            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var expected = endpoint.RoutePattern.RawText!.StartsWith("/api/coach/", StringComparison.Ordinal) ? "coach" : null;
            Assert.True(
                expected is null ? policies.Any(p => p is "platform-operator" or "tenant-admin") : policies.Contains(expected),
                $"{endpoint.RoutePattern.RawText} has no admin or coach policy");
        });
    }

    [Fact]
    public async Task The_openapi_document_describes_the_admin_endpoints()
    {
        using var document = JsonDocument.Parse(await fixture.Host.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/admin/tenants", "/api/admin/tenants/{tenantId}/keys", "/api/tenant", "/api/tenant/keys", "/api/tenant/keys/{keyId}", "/api/tenant/audit",
            "/api/tenant/widget-key", "/api/tenant/identity-secret", "/api/coach/users", "/api/coach/users/{userId}/transcript", "/api/me/consent", "/api/sessions" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }
}
