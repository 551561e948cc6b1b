using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api;

/// <summary>Guards against an admin endpoint added without its policy: every one must name a policy and none may allow anonymous calls.</summary>
public sealed class EndpointAuthorizationTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    [Fact]
    public void Every_admin_and_tenant_endpoint_requires_a_named_policy()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route
                && (route.StartsWith("/api/admin/", StringComparison.Ordinal) || route.StartsWith("/api/tenant", StringComparison.Ordinal)))
            .ToList();

        Assert.True(endpoints.Count >= 9, $"expected the admin endpoints, found {endpoints.Count}");
        Assert.All(endpoints, endpoint =>
        {
            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Any(p => p is "platform-operator" or "tenant-admin"), $"{endpoint.RoutePattern.RawText} has no admin policy");
        });
    }

    [Fact]
    public async Task The_openapi_document_describes_the_admin_endpoints()
    {
        using var document = JsonDocument.Parse(await fixture.Host.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/admin/tenants", "/api/admin/tenants/{tenantId}/keys", "/api/tenant", "/api/tenant/keys", "/api/tenant/keys/{keyId}", "/api/tenant/audit" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }
}
