using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Tests.Channels.Teams;

/// <summary>
/// The Bot Framework's side of a Teams conversation on 127.0.0.1: OpenID metadata and a key set of locally generated RSA
/// keys (one endorsed for msteams, one for webchat only), a client-credentials token endpoint, and the conversations API,
/// which records every activity CoachBot sends and can be told to answer some with an error first.
/// </summary>
public sealed class BotConnectorEmulator : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string TeamsKeyId = "teams-key";
    public const string WebchatKeyId = "webchat-key";

    private readonly RsaSecurityKey _teamsKey = NewKey(TeamsKeyId);
    private readonly RsaSecurityKey _webchatKey = NewKey(WebchatKeyId);
    private readonly RsaSecurityKey _unpublishedKey = NewKey("unpublished-key");
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedFailure>> _failures = new();
    private readonly ConcurrentDictionary<string, string> _issuedTokens = new();
    private readonly ConcurrentQueue<string> _tokenClients = new();
    private readonly WebApplication _app;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _tokenRequests;
    private int _activityIds;

    private BotConnectorEmulator(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The service URL activities carry: replies go to this emulator.</summary>
    public string ServiceUrl => BaseAddress.AbsoluteUri;

    /// <summary>How many tokens CoachBot asked for.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>How many tokens CoachBot asked for as the bot <paramref name="appId"/>.</summary>
    public int TokenRequestsFor(string appId) => _tokenClients.Count(client => client == appId);

    /// <summary>The settings that point CoachBot at this emulator.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Channels:Teams:OpenIdMetadataUrl"] = new Uri(BaseAddress, "v1/.well-known/openidconfiguration").AbsoluteUri,
        ["Channels:Teams:TokenEndpoint"] = new Uri(BaseAddress, "token").AbsoluteUri,
        ["Channels:Teams:RequireHttps"] = "false",
    };

    public static async Task<BotConnectorEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var emulator = new BotConnectorEmulator(app);
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = new Uri(emulator.BaseAddress, "authorize").AbsoluteUri,
            ["jwks_uri"] = new Uri(emulator.BaseAddress, "v1/keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/keys", () => Results.Json(new { keys = new[] { Jwk(emulator._teamsKey, "msteams"), Jwk(emulator._webchatKey, "webchat") } }));
        app.MapPost("/token", emulator.IssueTokenAsync);
        app.MapPost("/v3/conversations/{conversationId}/activities", emulator.ReceiveActivityAsync);
        await app.StartAsync();
        emulator.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        return emulator;
    }

    /// <summary>A token as the Bot Framework signs it, or one that is wrong in exactly one way.</summary>
    public string Mint(string appId, string? serviceUrl = null, string issuer = Issuer, DateTimeOffset? expires = null, TokenKey key = TokenKey.Teams)
    {
        var until = expires ?? DateTimeOffset.UtcNow.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = appId,
            IssuedAt = until.AddMinutes(-60).UtcDateTime,
            NotBefore = until.AddMinutes(-60).UtcDateTime,
            Expires = until.UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl ?? ServiceUrl)]),
            SigningCredentials = key switch
            {
                TokenKey.Teams => new SigningCredentials(_teamsKey, SecurityAlgorithms.RsaSha256),
                TokenKey.Webchat => new SigningCredentials(_webchatKey, SecurityAlgorithms.RsaSha256),
                TokenKey.Unpublished => new SigningCredentials(_unpublishedKey, SecurityAlgorithms.RsaSha256),
                _ => null,
            },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The next activities sent to <paramref name="conversationId"/> are answered with these failures first, one each.</summary>
    public void FailNext(string conversationId, params ScriptedFailure[] failures)
    {
        var queue = _failures.GetOrAdd(conversationId, _ => new ConcurrentQueue<ScriptedFailure>());
        foreach (var failure in failures)
        {
            queue.Enqueue(failure);
        }
    }

    /// <summary>Everything sent to the conversation so far, failed attempts included.</summary>
    public IReadOnlyList<ConnectorCall> CallsTo(string conversationId) => _calls.Where(call => call.ConversationId == conversationId).ToArray();

    /// <summary>Waits until the calls to the conversation satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForAsync(string conversationId, Func<IReadOnlyList<ConnectorCall>, bool> done, TimeSpan patience)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(patience);
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            var calls = CallsTo(conversationId);
            if (done(calls))
            {
                return calls;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The connector saw {calls.Count} calls to the conversation: " + string.Join(" | ", calls.Select(c => c.Body.GetRawText())));
            }
        }
    }

    /// <summary>Waits for the conversation's first successful message (the end of a reply).</summary>
    public Task<IReadOnlyList<ConnectorCall>> WaitForMessagesAsync(string conversationId, int count, TimeSpan patience) =>
        WaitForAsync(conversationId, calls => calls.Count(c => c.Succeeded && c.Type == "message") >= count, patience);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    private static Dictionary<string, object> Jwk(RsaSecurityKey key, string endorsedChannel)
    {
        var parameters = key.Rsa.ExportParameters(false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = new[] { endorsedChannel },
        };
    }

    private async Task<IResult> IssueTokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"]))
        {
            return Results.BadRequest(new { error = "invalid_request" });
        }

        var token = "emulated-" + Interlocked.Increment(ref _tokenRequests) + "-" + Guid.NewGuid().ToString("N");
        _issuedTokens[token] = form["client_id"]!;
        _tokenClients.Enqueue(form["client_id"]!);
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = token });
    }

    private async Task<IResult> ReceiveActivityAsync(string conversationId, HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        var authorization = request.Headers.Authorization.ToString();
        var authorized = authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _issuedTokens.ContainsKey(authorization[7..]);
        ScriptedFailure? failure = null;
        if (authorized && _failures.TryGetValue(conversationId, out var queue))
        {
            var type = body.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (queue.TryPeek(out var next) && (next.ForType is null || next.ForType == type) && queue.TryDequeue(out var taken))
            {
                failure = taken;
            }
        }

        var status = !authorized ? 401 : failure?.Status ?? 200;
        var id = status == 200 ? "activity-" + Interlocked.Increment(ref _activityIds) : null;
        _calls.Enqueue(new ConnectorCall(conversationId, authorization, body, DateTimeOffset.UtcNow, status, id));
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (failure is { RetryAfterSeconds: { } seconds })
        {
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return status == 200
            ? Results.Json(new { id })
            : Results.Json(new { error = new { code = failure?.Code ?? "Unauthorized", message = "emulated failure" } }, statusCode: status);
    }
}

/// <summary>Which key signs a minted token.</summary>
public enum TokenKey
{
    /// <summary>Published, endorsed for msteams.</summary>
    Teams,

    /// <summary>Published, endorsed for webchat only.</summary>
    Webchat,

    /// <summary>Not in the key set.</summary>
    Unpublished,

    /// <summary>No signature at all.</summary>
    None,
}

/// <summary>An error the conversations API answers once.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The error code in the body, e.g. ContentStreamNotAllowed.</param>
/// <param name="RetryAfterSeconds">A Retry-After header, or none.</param>
/// <param name="ForType">Only an activity of this type takes the failure; null for any.</param>
public sealed record ScriptedFailure(int Status, string Code, int? RetryAfterSeconds = null, string? ForType = null);

/// <summary>One activity CoachBot sent.</summary>
public sealed record ConnectorCall(string ConversationId, string Authorization, JsonElement Body, DateTimeOffset At, int Status, string? Id)
{
    public bool Succeeded => Status == 200;

    public string? Type => Body.TryGetProperty("type", out var type) ? type.GetString() : null;

    public string? Text => Body.TryGetProperty("text", out var text) ? text.GetString() : null;

    /// <summary>The streaminfo entity, if any.</summary>
    public JsonElement? StreamInfo => Body.TryGetProperty("entities", out var entities)
        ? entities.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(e => e!.Value.TryGetProperty("type", out var type) && type.GetString() == "streaminfo")
        : null;
}
