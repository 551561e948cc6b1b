using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>
/// A stand-in for Slack's Web API on 127.0.0.1: it answers the methods CoachBot calls the way Slack does (JSON with
/// <c>ok</c>, <c>ts</c>, <c>error</c>; 429 with Retry-After when told to) and records every call, in order.
/// </summary>
public sealed class SlackEmulator : IAsyncDisposable
{
    public const string OAuthCode = "good-install-code";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _rateLimits = new(StringComparer.Ordinal);
    private readonly List<SlackCall> _calls = [];
    private readonly List<(Func<SlackCall, bool> Match, TaskCompletionSource<SlackCall> Seen)> _waiters = [];
    private long _ts = 1_700_000_000_000_000;

    private SlackEmulator(WebApplication app) => _app = app;

    /// <summary>The Web API base URL, ending in <c>/api/</c>.</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>Bot tokens whose workspace has no streaming methods (chat.startStream answers <c>unknown_method</c>).</summary>
    public ConcurrentDictionary<string, bool> TokensWithoutStreaming { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversations the bot is not a member of: chat.postMessage there answers <c>not_in_channel</c>.</summary>
    public ConcurrentDictionary<string, bool> ChannelsWithoutBot { get; } = new(StringComparer.Ordinal);

    /// <summary>A slash command response URL on this emulator; what is posted there is recorded as method <c>response_url</c>.</summary>
    public Uri ResponseUrl(string id) => new(ApiBaseUrl, "/hooks/" + id);

    /// <summary>What oauth.v2.access answers for <see cref="OAuthCode"/>.</summary>
    public JsonObject? OAuthAnswer { get; set; }

    /// <summary>The client credentials oauth.v2.access accepts.</summary>
    public (string Id, string Secret) Client { get; set; }

    public static async Task<SlackEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var emulator = new SlackEmulator(app);
        app.MapPost("/api/{method}", emulator.AnswerAsync);
        app.MapPost("/hooks/{id}", async (HttpContext context, string id) =>
        {
            emulator.Record(new SlackCall("response_url", await ReadArgumentsAsync(context.Request), "", DateTimeOffset.UtcNow, false) { Hook = id });
            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        emulator.ApiBaseUrl = new Uri(new Uri(address), "/api/");
        return emulator;
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> are answered 429 with Retry-After.</summary>
    public void RateLimitNext(string method, int retryAfterSeconds, int times = 1)
    {
        var queue = _rateLimits.GetOrAdd(method, _ => new ConcurrentQueue<int>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(retryAfterSeconds);
        }
    }

    /// <summary>Every call so far, in the order they arrived.</summary>
    public IReadOnlyList<SlackCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The calls about one conversation (by its <c>channel</c> argument), in order.</summary>
    public IReadOnlyList<SlackCall> CallsIn(string channel) => [.. Calls.Where(call => call.Arg("channel") == channel)];

    /// <summary>Completes with the first call (already made or still to come) that matches.</summary>
    public Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan timeout)
    {
        lock (_calls)
        {
            if (_calls.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var waiter = new TaskCompletionSource<SlackCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Completes when the reply in <paramref name="channel"/> is finished (chat.stopStream, or a chat.update carrying blocks).</summary>
    public Task<SlackCall> WaitForFinishedReplyAsync(string channel, TimeSpan timeout) =>
        WaitForAsync(call => call.Arg("channel") == channel && !call.RateLimited
            && (call.Method == "chat.stopStream" || (call.Method == "chat.update" && call.Body["blocks"] is JsonArray { Count: > 0 })), timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context, string method)
    {
        var call = new SlackCall(method, await ReadArgumentsAsync(context.Request), context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow, false);
        if (_rateLimits.TryGetValue(method, out var limits) && limits.TryDequeue(out var retryAfter))
        {
            Record(call with { RateLimited = true });
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
            return;
        }

        Record(call);
        var token = call.Authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? call.Authorization[7..] : "";
        var channel = call.Arg("channel");
        JsonObject answer = method switch
        {
            "chat.startStream" when TokensWithoutStreaming.ContainsKey(token) => Error("unknown_method"),
            "chat.postMessage" or "chat.startStream" when channel is not null && ChannelsWithoutBot.ContainsKey(channel) => Error("not_in_channel"),
            "chat.postMessage" or "chat.startStream" => new() { ["ok"] = true, ["channel"] = channel, ["ts"] = NextTs() },
            "chat.update" or "chat.appendStream" or "chat.stopStream" => new() { ["ok"] = true, ["channel"] = channel, ["ts"] = call.Arg("ts") },
            "chat.postEphemeral" => new() { ["ok"] = true, ["message_ts"] = NextTs() },
            "oauth.v2.access" => OAuth(call),
            _ => Error("unknown_method"),
        };
        await context.Response.WriteAsJsonAsync(answer);
    }

    private JsonObject OAuth(SlackCall call)
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Client.Id + ":" + Client.Secret));
        return call.Authorization == basic && call.Arg("code") == OAuthCode && OAuthAnswer is { } answer
            ? (JsonObject)answer.DeepClone()
            : Error("invalid_code");
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    private string NextTs()
    {
        var ts = Interlocked.Increment(ref _ts);
        return (ts / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (ts % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private void Record(SlackCall call)
    {
        lock (_calls)
        {
            _calls.Add(call);
            foreach (var waiter in _waiters.Where(w => w.Match(call)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(call);
            }
        }
    }

    private static async Task<JsonObject> ReadArgumentsAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }

        var form = new JsonObject();
        foreach (var (key, value) in QueryHelpers.ParseQuery(text))
        {
            form[key] = value.ToString();
        }

        return form;
    }
}

/// <summary>One Web API call CoachBot made.</summary>
/// <param name="Method">e.g. <c>chat.update</c>.</param>
/// <param name="Body">Its arguments (JSON, or the form fields).</param>
/// <param name="Authorization">The Authorization header.</param>
/// <param name="At">When it arrived.</param>
/// <param name="RateLimited">True when it was answered 429.</param>
public sealed record SlackCall(string Method, JsonObject Body, string Authorization, DateTimeOffset At, bool RateLimited)
{
    /// <summary>For a response URL call, the id in its path.</summary>
    public string? Hook { get; init; }

    /// <summary>A string argument, or null.</summary>
    public string? Arg(string name) => Body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
