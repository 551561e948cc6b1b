using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachBot.Server.Realtime;
using CoachBot.Server.Tests.Faults;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Security;

/// <summary>
/// A corpus of bad input sent to every REST route and every hub method of the app, enumerated from the app itself:
/// wrong types, huge, deeply nested, invalid UTF-8, NUL, control and right-to-left characters. The rule: a 4xx with a
/// stable code (or a hub error that starts with one), never a 5xx, never a hang, and the host still serves afterwards.
/// </summary>
public sealed partial class FuzzCorpusTests(CrossTenantWorld world) : IClassFixture<CrossTenantWorld>
{
    private const int MaxBody = 256 * 1024;
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(30);

    /// <summary>Route values: each is put in place of every route parameter of every route (already escaped for a URL).</summary>
    private static readonly string[] RouteValues =
    [
        "%00", "%20", "a%00b", "%C3%28", "%FF%FE", "%01%1B%7F", "%E2%80%AE" + "evil", "..%2F..%2Fetc%2Fpasswd", new string('x', 4000),
        "%F0%9F%98%80", "-1", "null", "%7B%7D", "a%0D%0AX-Injected:%201",
    ];

    /// <summary>Bodies for POST, PUT and PATCH, as raw bytes: not one of them is what any endpoint expects.</summary>
    private static readonly (string Label, byte[] Body)[] Bodies =
    [
        ("null", "null"u8.ToArray()),
        ("number", "42"u8.ToArray()),
        ("huge number", "1e400"u8.ToArray()),
        ("string", "\"text\""u8.ToArray()),
        ("bool", "true"u8.ToArray()),
        ("array", "[]"u8.ToArray()),
        ("array of null", "[null]"u8.ToArray()),
        ("truncated", "{\"a\":"u8.ToArray()),
        ("not JSON", "<xml/>"u8.ToArray()),
        ("nested 600 deep", Encoding.UTF8.GetBytes(new string('[', 600) + new string(']', 600))),
        ("nested objects 600 deep", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 600)) + "1" + new string('}', 600))),
        ("invalid UTF-8", [.. "{\"targetRole\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8]),
        ("wrong field types", Encoding.UTF8.GetBytes("""
            {"targetRole":[],"displayName":{},"rating":7,"comment":false,"coachingReview":"yes","markdown":123,"id":null,"kind":[1],
             "identitySecret":false,"settings":"x","skills":[null,1,"x",{"name":null}],"goals":{"a":1},"yearsOfExperience":"ten",
             "certifications":[[]],"tenantKey":5,"userId":[],"userHash":{},"identityToken":1.5,"code":["x"],"channel":7}
            """)),
        ("NUL, control and RTL text", Encoding.UTF8.GetBytes("""
            {"targetRole":"a\u0000b","displayName":"\u202Eevil\u0007","comment":"\u0000","markdown":"\u0000# x","id":"\u0000",
             "identitySecret":"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000",
             "goals":["\u202E\u202E\u202E"],"skills":[{"name":"\u0000","level":3}],"rating":"\u0000","code":"\u0000"}
            """)),
        ("huge string", Encoding.UTF8.GetBytes("{\"targetRole\":\"" + new string('a', 2_000_000) + "\",\"markdown\":\"" + new string('b', 100) + "\"}")),
        ("many properties", Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, 15_000).Select(i => $"\"p{i}\":{i}")) + "}")),
    ];

    /// <summary>Query strings added to GET routes.</summary>
    private static readonly string[] Queries =
    [
        "?limit=abc", "?limit=-1", "?limit=1e20", "?limit=2147483648", "?limit=%00", "?before=%00", "?before=%C3%28&limit=5",
        "?channel=%00&workspaceId=%E2%80%AE&externalUserId=" + new string('x', 3000), "?q=" + new string('q', 8000),
        "?format=%00&redact=%E2%80%AE", "?format=" + new string('f', 3000) + "&redact=true&userId=%C3%28",
    ];

    /// <summary>Bad values for one hub argument at a time.</summary>
    private static readonly (string Label, object? Value)[] HubValues =
    [
        ("number", 1), ("object", new { x = 1 }), ("array", new[] { 1 }), ("bool", true), ("null", null), ("2^31", 2147483648L),
        ("1e20", 1e20), ("1.5", 1.5), ("numeric string", "12"), ("NUL", "\u0000"), ("RTL override", "\u202Eevil"),
        ("control characters", "\u0001\u001B\u007F"), ("large string", new string('z', 20_000)), ("empty", ""),
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_rest_route_answers_bad_input_with_a_coded_4xx_and_the_host_still_serves()
    {
        var endpoints = EnumerateEndpoints();
        Assert.True(endpoints.Count >= 20, $"expected the app's REST endpoints, found {endpoints.Count}");

        var failures = new List<string>();
        var tried = 0;
        foreach (var (method, route, parameters) in endpoints)
        {
            using var client = ClientFor(route);
            foreach (var (path, body) in Requests(method, route, parameters))
            {
                tried++;
                var failure = await SendAsync(client, method, path, body);
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }
        }

        FaultReport.Record("fuzz", "REST routes × bad route values, bodies and queries", tried, tried - failures.Count, $"{endpoints.Count} routes");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} bad requests broke the rule:\n" + string.Join("\n", failures.Take(60)));
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Every_hub_method_answers_bad_arguments_with_a_coded_error_and_the_connection_still_serves()
    {
        var failures = new List<string>();
        var tried = 0;
        await using var hub = await world.Host.ConnectAsync(world.AAnonymous.Token);
        await using var console = await world.Host.ConnectAsync(world.ACoachToken, ConsoleHubRegistration.HubPath);
        var methods = HubMethods(typeof(CoachHub)).Select(m => (Hub: hub, Method: m)).Concat(HubMethods(typeof(ConsoleHub)).Select(m => (Hub: console, Method: m))).ToList();
        Assert.True(methods.Count >= 12, "expected both hub contracts' methods");
        foreach (var (connection, method) in methods)
        {
            var arity = method.GetParameters().Count(p => p.ParameterType != typeof(CancellationToken));
            var isStream = method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>);
            foreach (var (label, args) in HubArguments(arity))
            {
                tried++;
                var failure = await CallHubAsync(connection, method.Name, label, args, isStream);
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }
        }

        foreach (var (label, args, isStream) in new (string, object?[], bool)[] { ("unknown method", [], false), ("unknown stream", [1], true) })
        {
            tried++;
            if (await CallHubAsync(hub, "NoSuchMethod", label, args, isStream) is { } failure)
            {
                failures.Add(failure);
            }
        }

        FaultReport.Record("fuzz", "hub methods × bad, missing and extra arguments", tried, tried - failures.Count, $"{methods.Count} methods");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} bad hub calls broke the rule:\n" + string.Join("\n", failures.Take(60)));
        // The connection is still open: it answers (the corpus may have spent this user's call budget, which is a coded refusal).
        Assert.Null(await CallHubAsync(hub, "GetProfile", "after the corpus", [], isStream: false));
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal(HubConnectionState.Connected, console.State);
        await AssertStillServesAsync();
    }

    private static List<MethodInfo> HubMethods(Type hub) =>
        [.. hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == hub)];

    private static IEnumerable<(string Path, (string Label, byte[] Bytes)? Body)> Requests(string method, string route, IReadOnlyList<string> parameters)
    {
        var hasBody = method is "POST" or "PUT" or "PATCH";
        foreach (var value in parameters.Count > 0 ? RouteValues : [])
        {
            var path = parameters.Aggregate(route, (p, name) => p.Replace("{" + name + "}", value, StringComparison.Ordinal));
            yield return (path, hasBody ? ("{}", "{}"u8.ToArray()) : null);
        }

        var plain = parameters.Aggregate(route, (p, name) => p.Replace("{" + name + "}", "fuzz-id", StringComparison.Ordinal));
        if (hasBody)
        {
            foreach (var body in Bodies)
            {
                yield return (plain, body);
            }
        }
        else if (method == "GET")
        {
            foreach (var query in Queries)
            {
                yield return (plain + query, null);
            }
        }
    }

    private static IEnumerable<(string Label, object?[] Args)> HubArguments(int arity)
    {
        for (var position = 0; position < arity; position++)
        {
            foreach (var (label, value) in HubValues)
            {
                var args = Enumerable.Repeat<object?>("fuzz", arity).ToArray();
                args[position] = value;
                yield return ($"argument {position} {label}", args);
            }
        }

        if (arity > 0)
        {
            yield return ("missing arguments", []);
        }

        yield return ("an extra argument", [.. Enumerable.Repeat<object?>("fuzz", arity), "extra"]);
    }

    private static async Task<string?> SendAsync(HttpClient client, string method, string path, (string Label, byte[] Bytes)? body)
    {
        var where = $"{method} {Shorten(path)}{(body is { } b ? " body " + b.Label : "")}";
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        // A refusal at the body limit or in the request line closes its connection; each request gets a connection of its
        // own, so no request is sent on one the server has just closed.
        request.Headers.ConnectionClose = true;
        if (body is { } content)
        {
            request.Content = new ByteArrayContent(content.Bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        bound.CancelAfter(CallBound);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, bound.Token);
        }
        catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
        {
            return $"{where}: no answer within {CallBound.TotalSeconds} s";
        }
        catch (HttpRequestException) when (body is { Bytes.Length: > MaxBody })
        {
            // A body over the limit is refused with 413 the moment it passes it and the connection closes; a client still
            // sending may see the close before the answer.
            return null;
        }
        catch (HttpRequestException error)
        {
            return $"{where}: no answer ({error.InnerException?.Message ?? error.Message})";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Cancel);
            if (status >= 500)
            {
                return $"{where}: {status} {Shorten(text)}";
            }

            // Kestrel refuses a path that decodes to a NUL while it parses the request line, before the app runs: an
            // empty 400 that closes the connection (documented in the README).
            if (status == 400 && text.Length == 0 && path.Contains("%00", StringComparison.Ordinal))
            {
                return null;
            }

            // Likewise a request line over Kestrel's 8 KB limit (a route with several 4000-character ids) is an empty 414
            // from Kestrel itself.
            if (status == 414 && text.Length == 0 && path.Length > 8 * 1024)
            {
                return null;
            }

            if (status >= 400 && CodeOf(text) is null)
            {
                return $"{where}: {status} without a problem code: {Shorten(text)}";
            }

            return null;
        }
    }

    private static async Task<string?> CallHubAsync(HubConnection hub, string method, string label, object?[] args, bool isStream)
    {
        var where = $"CoachHub.{method}({label})";
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        bound.CancelAfter(CallBound);
        try
        {
            if (isStream)
            {
                await foreach (var _ in hub.StreamAsyncCore<JsonElement>(method, args, bound.Token))
                {
                }
            }
            else
            {
                await hub.InvokeCoreAsync<JsonElement?>(method, args, bound.Token);
            }

            return null;
        }
        catch (HubException error)
        {
            return HubCode().IsMatch(error.Message) ? null : $"{where}: hub error without a code: {Shorten(error.Message)}";
        }
        catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
        {
            return $"{where}: no answer within {CallBound.TotalSeconds} s";
        }
    }

    private async Task AssertStillServesAsync()
    {
        using var ready = await world.Host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        // The corpus rotated A's credentials (ending A's verified sessions) and spent its users' message budget: a new visitor asks.
        await using var hub = await world.Host.ConnectAsync((await world.Host.CreateSessionAsync()).Token);
        var chunks = 0;
        await foreach (var _ in hub.StreamAsync<JsonElement>("SendMessage", "What does a data engineer do?", Cancel))
        {
            chunks++;
        }

        Assert.True(chunks > 0, "a turn streams after the corpus");
    }

    private HttpClient ClientFor(string route) => route switch
    {
        _ when route.StartsWith("/api/admin", StringComparison.Ordinal) => world.Fixture.KeyClient(world.Fixture.OperatorKey),
        _ when route.StartsWith("/api/tenant", StringComparison.Ordinal) => world.Fixture.KeyClient(world.A.AdminKey),
        _ when route.StartsWith("/api/coach", StringComparison.Ordinal) => StaffTokenIssuer.Client(world.Host.BaseAddress, world.ACoachToken),
        _ => world.Host.AuthorizedClient(world.AAnonymous.Token),
    };

    private List<(string Method, string Route, IReadOnlyList<string> Parameters)> EnumerateEndpoints()
    {
        var result = new List<(string, string, IReadOnlyList<string>)>();
        foreach (var endpoint in world.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            // The hub's transport is SignalR's own; its methods are fuzzed through a connection below.
            if (route.StartsWith(CoachHubRegistration.HubPath, StringComparison.Ordinal) || route.StartsWith(ConsoleHubRegistration.HubPath, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                result.Add((method, route, [.. endpoint.RoutePattern.Parameters.Select(p => p.Name)]));
            }
        }

        return result;
    }

    private static string? CodeOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    // SignalR puts its own sentence before the message of a HubException: "... on the server. HubException: invalid_argument: ...".
    [GeneratedRegex("(^|HubException: )[a-z][a-z_]+: ")]
    private static partial Regex HubCode();
}
