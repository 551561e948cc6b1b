using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Tests.Providers;

/// <summary>
/// A local OpenAI-compatible chat completions server on 127.0.0.1 and a random port. Every POST is recorded and answered by the
/// next <see cref="ScriptedReply"/> in its queue (real SSE for streams); an unscripted request gets 501.
/// </summary>
public sealed class OpenAICompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();

    private OpenAICompatibleServer(WebApplication app)
    {
        _app = app;
        _app.MapPost("/{**path}", HandleAsync);
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The OpenAI-style API root: <see cref="Root"/> + v1.</summary>
    public Uri V1 => new(Root, "v1");

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<OpenAICompatibleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new OpenAICompatibleServer(builder.Build());
        await server._app.StartAsync();
        var address = server._app.Urls.Single();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Adds replies for the next requests, in order.</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Drops the replies not used yet, so the next request meets only what is enqueued after.</summary>
    public void ClearScript() => _script.Clear();

    /// <summary>Completes once <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_lock)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        Record(new RecordedRequest(
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body?.AsObject() ?? []));

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var reply = _script.TryDequeue(out var next) ? next : ScriptedReply.Error(StatusCodes.Status501NotImplemented);
        try
        {
            await reply.WriteAsync(context, aborted.Token);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away (or the server is stopping) while the reply was held open.
            context.Abort();
        }
    }

    private void Record(RecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One request the server received.</summary>
/// <param name="PathAndQuery">The path, with the query string.</param>
/// <param name="Headers">Request headers (case-insensitive names).</param>
/// <param name="Body">The JSON body.</param>
public sealed record RecordedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, JsonObject Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
