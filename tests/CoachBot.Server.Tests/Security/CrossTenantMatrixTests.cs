using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CoachBot.Server.Realtime;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Security;

/// <summary>
/// Every endpoint and hub method of the app, called by tenant A's principals with tenant B's ids: refused or answered
/// with A's own data, never B's, never a 500, and B is unchanged afterwards. A new endpoint or hub method fails here
/// until it is added to the matrix on purpose.
/// </summary>
public sealed class CrossTenantMatrixTests(CrossTenantWorld world) : IClassFixture<CrossTenantWorld>
{
    /// <summary>Endpoints that need no principal at all, so a cross-tenant call means nothing for them ("*": any method).</summary>
    private static readonly HashSet<string> AnonymousAllowList = new(StringComparer.Ordinal)
    {
        "* /health/live",
        "* /health/ready",
        "GET /openapi/v1.json",
        "POST /api/sessions",
        // Public on purpose: a tenant's widget appearance, the same for every visitor (tested in WidgetConfigTests).
        "GET /api/widget/config",
        // The widget's static files and pages (tested in CoachBot.Widget.Tests).
        "GET /",
        "HEAD /",
        "GET /widget.js",
        "HEAD /widget.js",
        "GET /widget/app.js",
        "HEAD /widget/app.js",
        "GET /widget/frame",
    };

    /// <summary>
    /// Endpoints whose route value names an object in the caller's own tenant only (a role id is a slug every tenant may use
    /// for its own overlay): with B's value they may succeed, on A's own data, and must not leak or change B's.
    /// </summary>
    private static readonly HashSet<string> CallerScopedRoutes = new(StringComparer.Ordinal)
    {
        "PUT /api/tenant/content/roles/{roleId}",
        "GET /api/tenant/content/roles/{roleId}",
        "DELETE /api/tenant/content/roles/{roleId}",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_endpoint_refuses_tenant_A_principals_the_data_of_tenant_B()
    {
        var before = await world.SnapshotBAsync(Cancel);
        var endpoints = EnumerateEndpoints();
        Assert.True(endpoints.Count >= 20, $"expected the app's REST endpoints, found {endpoints.Count}: {string.Join(", ", endpoints.Select(e => e.Name))}");

        var unknown = endpoints.SelectMany(e => e.Parameters.Where(p => !RouteValues.ContainsKey(p)).Select(p => $"{e.Name} has route parameter {{{p}}}")).ToList();
        Assert.True(unknown.Count == 0, "Route parameters the cross-tenant matrix does not know; map each to tenant B's value in RouteValues: " + string.Join("; ", unknown));

        var failures = new List<string>();
        var calls = 0;
        foreach (var (principal, client) in Principals())
        {
            using (client)
            {
                foreach (var endpoint in endpoints)
                {
                    calls++;
                    var failure = await CallAsync(client, principal, endpoint);
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} cross-tenant calls broke the expectations:\n" + string.Join("\n", failures));
        Assert.Equal(before, await world.SnapshotBAsync(Cancel));
        await AssertBAdminKeyStillWorksAsync();
    }

    [Fact]
    public async Task Every_hub_method_refuses_tenant_A_users_the_data_of_tenant_B()
    {
        var before = await world.SnapshotBAsync(Cancel);
        var methods = typeof(CoachHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(CoachHub))
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(methods.Count >= 10, "expected the hub contract's methods: " + string.Join(", ", methods));

        var failures = new List<string>();
        // The REST matrix may have erased A's user (DELETE /api/me) and rotated A's credentials, which ends its sessions: sign in again.
        await using var hub = await world.Host.ConnectAsync(CoachBot.Server.Tests.Api.ErasureTests.SessionIssuedLater(world.Host, world.AUser));
        foreach (var method in methods)
        {
            var calls = HubCalls(method);
            if (calls is null)
            {
                failures.Add($"CoachHub.{method} is not known to the cross-tenant matrix; add how to call it with tenant B's ids to HubCalls");
                continue;
            }

            foreach (var (label, args, isStream) in calls)
            {
                var failure = await CallHubAsync(hub, method, label, args, isStream);
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} hub calls broke the expectations:\n" + string.Join("\n", failures));
        Assert.Equal(before, await world.SnapshotBAsync(Cancel));
        await AssertBAdminKeyStillWorksAsync();
    }

    [Fact]
    public async Task Every_console_hub_method_refuses_tenant_A_coaches_the_users_of_tenant_B()
    {
        var before = await world.SnapshotBAsync(Cancel);
        var methods = typeof(ConsoleHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(ConsoleHub))
            .Select(m => m.Name)
            .ToList();
        await using var console = await world.Host.ConnectAsync(world.ACoachToken, ConsoleHubRegistration.HubPath);
        var failures = new List<string>();
        foreach (var method in methods)
        {
            // B's user consented to B's coaches: A's coach must get exactly what an unknown user gets.
            object?[] args = method switch
            {
                "WatchConversation" => [world.BUser.UserId],
                "SendCoachMessage" => [world.BUser.UserId, "A's coach writing to B's user"],
                _ => [],
            };
            if (args.Length == 0)
            {
                failures.Add($"ConsoleHub.{method} is not known to the cross-tenant matrix");
                continue;
            }

            try
            {
                if (method == "WatchConversation")
                {
                    await foreach (var _ in console.StreamAsyncCore<JsonElement>(method, args, Cancel))
                    {
                        failures.Add($"ConsoleHub.{method} streamed tenant B's conversation");
                        break;
                    }
                }
                else
                {
                    await console.InvokeCoreAsync<JsonElement?>(method, args, Cancel);
                    failures.Add($"ConsoleHub.{method} accepted a call about tenant B's user");
                }
            }
            catch (HubException error) when (error.Message.Contains("not_found:", StringComparison.Ordinal))
            {
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await world.SnapshotBAsync(Cancel));
    }

    private Dictionary<string, string> RouteValues => new(StringComparer.Ordinal)
    {
        ["tenantId"] = world.B.TenantId,
        ["userId"] = world.BUser.UserId,
        ["keyId"] = world.BServiceKeyId,
        ["turnId"] = world.BTurnId,
        ["conversationId"] = world.BConversationId,
        ["roleId"] = world.BOverlayRoleId,
        ["flagId"] = world.BFlagId,
        ["answerId"] = world.BApprovedAnswerId,
    };

    private static List<EndpointUnderTest> EnumerateEndpoints(IServiceProvider services)
    {
        var result = new List<EndpointUnderTest>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if ((methods is null || methods.Count == 0) && AnonymousAllowList.Contains("* " + route))
            {
                continue;
            }

            if (methods is null || methods.Count == 0)
            {
                // Only the hub's transport may answer every method; its methods are covered by the hub matrix.
                Assert.True(route.StartsWith(CoachHubRegistration.HubPath, StringComparison.Ordinal) || route.StartsWith(ConsoleHubRegistration.HubPath, StringComparison.Ordinal),
                    $"{route} has no HTTP method metadata and is not a hub; add it to the cross-tenant matrix");
                if (route == CoachHubRegistration.HubPath + "/negotiate")
                {
                    result.Add(new EndpointUnderTest("POST " + route, "POST", route, []));
                    continue;
                }

                TestContext.Current.TestOutputHelper?.WriteLine($"hub transport endpoint {route} ({endpoint.DisplayName}) is covered by the hub matrix");
                continue;
            }

            foreach (var method in methods)
            {
                var name = $"{method} {route}";
                if (!AnonymousAllowList.Contains(name))
                {
                    result.Add(new EndpointUnderTest(name, method, route, [.. endpoint.RoutePattern.Parameters.Select(p => p.Name)]));
                }
            }
        }

        return result;
    }

    private List<EndpointUnderTest> EnumerateEndpoints() => EnumerateEndpoints(world.Host.Services);

    private IEnumerable<(string Principal, HttpClient Client)> Principals()
    {
        yield return ("A end user", world.Host.AuthorizedClient(world.AUser.Token));
        yield return ("A anonymous user", world.Host.AuthorizedClient(world.AAnonymous.Token));
        yield return ("A tenant admin key", world.Fixture.KeyClient(world.A.AdminKey));
        yield return ("A tenant admin JWT", StaffTokenIssuer.Client(world.Host.BaseAddress, world.AStaffAdminToken));
        yield return ("A coach JWT", StaffTokenIssuer.Client(world.Host.BaseAddress, world.ACoachToken));
    }

    private async Task<string?> CallAsync(HttpClient client, string principal, EndpointUnderTest endpoint)
    {
        var path = endpoint.Route;
        foreach (var parameter in endpoint.Parameters)
        {
            path = path.Replace("{" + parameter + "}", Uri.EscapeDataString(RouteValues[parameter]), StringComparison.Ordinal);
        }

        path += endpoint.Name switch
        {
            "GET /api/me/history" => "?limit=10&before=" + world.BTurnId,
            "GET /api/coach/users/{userId}/transcript" => "?limit=10",
            // Unredacted, so a leaked value of B's would show as itself; the set export filtered to B's user id.
            "GET /api/coach/export" => "?format=json&redact=false&userId=" + Uri.EscapeDataString(world.BUser.UserId),
            "GET /api/coach/conversations/{userId}/{conversationId}/export" => "?format=json&redact=false",
            "DELETE /api/me/channel-links" => $"?channel={world.BLinkedSlackAccount.Channel}&workspaceId={world.BLinkedSlackAccount.WorkspaceId}&externalUserId={world.BLinkedSlackAccount.ExternalUserId}",
            "POST " + CoachHubRegistration.HubPath + "/negotiate" => "?negotiateVersion=1",
            _ => string.Empty,
        };

        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(path, UriKind.Relative));
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent(JsonSerializer.Serialize(BodyFor(endpoint.Name), TestHost.Json), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await client.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        var status = (int)response.StatusCode;
        var where = $"{principal} → {endpoint.Method} {path}: {status}";
        TestContext.Current.TestOutputHelper?.WriteLine(where);
        if (status >= 500)
        {
            return $"{where} (server error) {Truncate(body)}";
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return null;
        }

        if (status is >= 200 and < 300)
        {
            if (endpoint.Parameters.Count > 0 && !CallerScopedRoutes.Contains(endpoint.Name))
            {
                return $"{where}: succeeded with tenant B's ids in the route {Truncate(body)}";
            }

            var leaked = world.BSecrets.Where(secret => body.Contains(secret, StringComparison.Ordinal)).ToList();
            return leaked.Count == 0 ? null : $"{where}: the response holds tenant B's values {string.Join(", ", leaked)}";
        }

        return $"{where}: expected 401/403/404 or the caller's own data {Truncate(body)}";
    }

    private object BodyFor(string endpoint) => endpoint switch
    {
        "PUT /api/me/profile" => new { targetRole = "A's own role", goals = new[] { "A's own goal" } },
        "PUT /api/me/consent" => new { coachingReview = true },
        "POST /api/admin/tenants" => new { id = "matrix-evil-" + Guid.NewGuid().ToString("N")[..8], displayName = "Evil" },
        "PUT /api/tenant" => new { displayName = "Tenant " + world.A.TenantId, settings = new { allowedOrigins = new[] { "https://www." + world.A.TenantId + ".example" }, retentionDays = 90 } },
        "POST /api/tenant/keys" => new { kind = "service" },
        "PUT /api/tenant/identity-secret" => new { identitySecret = world.A.IdentitySecret },
        "PUT /api/me/turns/{turnId}/feedback" => new { rating = "down", comment = "A's own comment" },
        "PUT /api/coach/conversations/{userId}/{conversationId}/turns/{turnId}/review" => new { rubric = "harmful", correction = "A's own correction" },
        "POST /api/coach/conversations/{userId}/{conversationId}/flags" => new { reason = "A's own flag" },
        "POST /api/coach/conversations/{userId}/{conversationId}/notes" => new { text = "A's own note" },
        "PATCH /api/coach/flags/{flagId}" => new { state = "resolved" },
        "PUT /api/coach/conversations/{userId}/{conversationId}/tags" => new[] { "a-tag" },
        "PUT /api/tenant/content/roles/{roleId}" => new { markdown = RolePageText.For(world.BOverlayRoleId, "Own Role Of A", "2031.04.1") },
        _ => new { },
    };

    private List<(string Label, object?[] Args, bool IsStream)>? HubCalls(string method) => method switch
    {
        "SendMessage" => [("A's own message", ["What does a data engineer do?"], true)],
        "AttachToTurn" => [("B's turn", [world.BTurnId, 0], true), ("B's user id as turn id", [world.BUser.UserId, 0], true)],
        "CancelTurn" => [("B's turn", [world.BTurnId], false), ("B's conversation id as turn id", [world.BConversationId], false)],
        "GetActiveTurn" => [("", [], false)],
        "GetHistory" => [("before B's turn", [10, world.BTurnId], false), ("no cursor", [10, null], false)],
        "GetProfile" => [("", [], false)],
        "UpdateProfile" => [("A's own update", [new { targetRole = "A's hub role" }], false)],
        "StartNewConversation" => [("", [], false)],
        "GetConsent" => [("", [], false)],
        "SetConsent" => [("true", [true], false)],
        "SubmitFeedback" => [("B's turn", [world.BTurnId, new { rating = "down", comment = "A's comment" }], false), ("B's conversation id as turn id", [world.BConversationId, new { rating = "up" }], false)],
        _ => null,
    };

    private async Task<string?> CallHubAsync(HubConnection hub, string method, string label, object?[] args, bool isStream)
    {
        var where = $"CoachHub.{method}({label})";
        var received = new StringBuilder();
        try
        {
            if (isStream)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                await foreach (var chunk in hub.StreamAsyncCore<JsonElement>(method, args, timeout.Token))
                {
                    received.Append(chunk.GetRawText());
                }
            }
            else
            {
                received.Append(JsonSerializer.Serialize(await hub.InvokeCoreAsync<JsonElement?>(method, args, Cancel), TestHost.Json));
            }
        }
        catch (HubException error)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{where} → hub error {error.Message}");
            return error.Message.Contains("turn_not_found", StringComparison.Ordinal) || error.Message.Contains("invalid_argument", StringComparison.Ordinal)
                ? null
                : $"{where}: unexpected hub error {error.Message}";
        }

        var text = received.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine($"{where} → {Truncate(text)}");
        var leaked = world.BSecrets.Where(secret => text.Contains(secret, StringComparison.Ordinal)).ToList();
        return leaked.Count == 0 ? null : $"{where}: the result holds tenant B's values {string.Join(", ", leaked)}";
    }

    [Fact]
    public async Task Tenant_A_admins_cannot_claim_tenant_B_channels_or_learn_that_B_holds_them()
    {
        var before = await world.SnapshotBAsync(Cancel);
        foreach (var (principal, client) in Principals().Where(p => p.Principal.Contains("admin", StringComparison.Ordinal)))
        {
            using (client)
            {
                var claim = new
                {
                    displayName = "Tenant " + world.A.TenantId,
                    settings = new { channels = new { slack = new { teamIds = new[] { world.BSlackTeam }, botToken = "xoxb-attacker-token" } } },
                };
                using var content = new StringContent(JsonSerializer.Serialize(claim, TestHost.Json), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                using var response = await client.PutAsync(new Uri("/api/tenant", UriKind.Relative), content, Cancel);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{principal}: {(int)response.StatusCode} {body}");
                Assert.Contains("\"code\":\"channel_in_use\"", body, StringComparison.Ordinal);
                Assert.DoesNotContain(world.B.TenantId, body, StringComparison.Ordinal);
            }
        }

        var owner = await world.Host.Services.GetRequiredService<CoachBot.Tenancy.ITenantStore>().FindTenantBySlackTeamAsync(world.BSlackTeam, Cancel);
        Assert.Equal(world.B.TenantId, owner?.Id.Value);
        Assert.Equal(before, await world.SnapshotBAsync(Cancel));
    }

    private async Task AssertBAdminKeyStillWorksAsync()
    {
        using var bAdmin = world.Fixture.KeyClient(world.B.AdminKey);
        using var response = await bAdmin.GetAsync(new Uri("/api/tenant", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(world.B.TenantId, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var bUser = world.Host.AuthorizedClient(world.BUser.Token);
        using var profile = await bUser.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private sealed record EndpointUnderTest(string Name, string Method, string Route, IReadOnlyList<string> Parameters);
}
