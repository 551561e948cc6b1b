using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>
/// A local OpenAI-compatible chat completions server on 127.0.0.1 and a random port, speaking the real wire protocol
/// (JSON for plain completions, SSE for streams). Every request is recorded as the messages the model would have read.
/// Streamed (coaching) requests are answered by <see cref="Reply"/>, written from the request itself; plain requests
/// (profile-fact extraction, JSON mode) get "{}", so the deterministic reader supplies the facts.
/// </summary>
public sealed class OpenAICompatibleStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ModelRequest> _requests = [];
    private readonly Lock _lock = new();

    private OpenAICompatibleStub(WebApplication app)
    {
        _app = app;
        _app.MapPost("/{**path}", HandleAsync);
    }

    /// <summary>The OpenAI-style API root, e.g. http://127.0.0.1:41234/v1.</summary>
    public Uri V1 { get; private set; } = null!;

    /// <summary>Writes the reply to a streamed request.</summary>
    public Func<ModelRequest, string> Reply { get; set; } = _ => "";

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<OpenAICompatibleStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var stub = new OpenAICompatibleStub(builder.Build());
        await stub._app.StartAsync();
        stub.V1 = new Uri(stub._app.Urls.Single().TrimEnd('/') + "/v1");
        return stub;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))?.AsObject() ?? [];
        var request = ModelRequest.From(body);
        lock (_lock)
        {
            _requests.Add(request);
        }

        if (!request.Streamed)
        {
            await context.Response.WriteAsJsonAsync(
                new
                {
                    id = "chatcmpl-eval",
                    @object = "chat.completion",
                    created = 1_750_000_000,
                    model = "eval-stub",
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = "{}" }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 10, completion_tokens = 1, total_tokens = 11 },
                },
                context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await WriteAsync(context, Chunk(new { role = "assistant", content = "" }, null));
        // Several pieces, split inside words and markers, as real models stream.
        var text = Reply(request);
        for (var start = 0; start < text.Length; start += 7)
        {
            await WriteAsync(context, Chunk(new { content = text.Substring(start, Math.Min(7, text.Length - start)) }, null));
        }

        await WriteAsync(context, Chunk(new { }, "stop"));
        await context.Response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), context.RequestAborted);
    }

    private static object Chunk(object delta, string? finishReason) => new
    {
        id = "chatcmpl-eval",
        @object = "chat.completion.chunk",
        created = 1_750_000_000,
        model = "eval-stub",
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private static async Task WriteAsync(HttpContext context, object chunk)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {JsonSerializer.Serialize(chunk)}\n\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request as the model reads it: the system and user messages, and the JSON blocks the prompt embeds.</summary>
/// <param name="Streamed">True for a coaching reply; false for a plain completion (profile-fact extraction).</param>
/// <param name="System">The system message.</param>
/// <param name="User">The last user message.</param>
public sealed record ModelRequest(bool Streamed, string System, string User)
{
    private const string ContentLabel = "Role content, numbered for citation (JSON): ";
    private const string RecentTurnsLabel = "Recent conversation, oldest first (JSON; an entry with humanCoach is what the person's human coach told them, not one of your replies): ";

    /// <summary>The numbered role-content items, or null when the prompt has none (off-topic, extraction).</summary>
    public JsonArray? Content => JsonAfter(ContentLabel) as JsonArray;

    /// <summary>The earlier turns the prompt carries, or null when it has none.</summary>
    public JsonArray? RecentTurns => JsonAfter(RecentTurnsLabel) as JsonArray;

    internal static ModelRequest From(JsonObject body)
    {
        var messages = body["messages"]?.AsArray() ?? [];
        string Text(string role) => messages.LastOrDefault(m => (string?)m?["role"] == role)?["content"] is { } content
            ? content.GetValueKind() == JsonValueKind.String ? content.GetValue<string>() : string.Concat(content.AsArray().Select(p => (string?)p?["text"]))
            : "";

        return new ModelRequest(body["stream"]?.GetValue<bool>() == true && body["response_format"] is null, Text("system"), Text("user"));
    }

    // The block is one JSON value right after its label; read exactly that value and ignore the text after it.
    private JsonNode? JsonAfter(string label)
    {
        var at = System.IndexOf(label, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(System[(at + label.Length)..]), new JsonReaderOptions { AllowMultipleValues = true });
        return JsonNode.Parse(JsonElement.ParseValue(ref reader).GetRawText());
    }
}
