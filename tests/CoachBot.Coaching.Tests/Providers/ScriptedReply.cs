using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoachBot.Coaching.Tests.Providers;

/// <summary>How <see cref="OpenAICompatibleServer"/> answers one request.</summary>
public sealed class ScriptedReply
{
    public const string ModelName = "test-model-2025";

    private readonly Func<HttpContext, CancellationToken, Task> _write;

    private ScriptedReply(Func<HttpContext, CancellationToken, Task> write) => _write = write;

    internal Task WriteAsync(HttpContext context, CancellationToken cancellationToken) => _write(context, cancellationToken);

    /// <summary>
    /// A complete SSE stream: a role chunk, one chunk per content piece, a stop chunk, the usage chunk ("choices":[]) when
    /// given, then [DONE]. With <paramref name="holdAfter"/>, the stream pauses after that many pieces until
    /// <paramref name="resume"/> completes.
    /// </summary>
    public static ScriptedReply Stream(IReadOnlyList<string> pieces, (int Input, int Output)? usage = null, int? holdAfter = null, Task? resume = null) =>
        new(async (context, cancellationToken) =>
        {
            await StartStreamAsync(context, cancellationToken);
            for (var i = 0; i < pieces.Count; i++)
            {
                if (i == holdAfter && resume is not null)
                {
                    await resume.WaitAsync(cancellationToken);
                }

                await WriteEventAsync(context, Chunk(new { content = pieces[i] }, null), cancellationToken);
            }

            await WriteEventAsync(context, Chunk(new { }, "stop"), cancellationToken);
            if (usage is { } used)
            {
                await WriteEventAsync(context, UsageChunk(used.Input, used.Output), cancellationToken);
            }

            await WriteDataAsync(context, "[DONE]", cancellationToken);
        });

    /// <summary>A complete non-streaming chat completion whose message is <paramref name="content"/>.</summary>
    public static ScriptedReply Completion(string content) =>
        new((context, cancellationToken) => context.Response.WriteAsJsonAsync(
            new
            {
                id = "chatcmpl-test",
                @object = "chat.completion",
                created = 1_750_000_000,
                model = ModelName,
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            },
            cancellationToken));

    /// <summary>Streams <paramref name="pieces"/>, waits for <paramref name="cut"/>, then drops the connection mid-stream.</summary>
    public static ScriptedReply CutAfter(IReadOnlyList<string> pieces, Task cut) =>
        new(async (context, cancellationToken) =>
        {
            await StartStreamAsync(context, cancellationToken);
            foreach (var piece in pieces)
            {
                await WriteEventAsync(context, Chunk(new { content = piece }, null), cancellationToken);
            }

            await cut.WaitAsync(cancellationToken);
            context.Abort();
        });

    /// <summary>Streams <paramref name="pieces"/>, then stays silent with the connection open until the client gives up.</summary>
    public static ScriptedReply StallAfter(IReadOnlyList<string> pieces) =>
        new(async (context, cancellationToken) =>
        {
            await StartStreamAsync(context, cancellationToken);
            foreach (var piece in pieces)
            {
                await WriteEventAsync(context, Chunk(new { content = piece }, null), cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        });

    /// <summary>An SSE stream whose events are not JSON chunks at all, then the end of the stream.</summary>
    public static ScriptedReply Garbage() =>
        new(async (context, cancellationToken) =>
        {
            await StartStreamAsync(context, cancellationToken);
            await context.Response.WriteAsync("data: {not json at all\n\ndata: [[[\u0000\n\n: comment\n\ndata: [DONE]\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        });

    /// <summary>Never answers: no status, no headers, until the client gives up.</summary>
    public static ScriptedReply Hang() => new((_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));

    /// <summary>An OpenAI-style JSON error with the status code, and a Retry-After header when given.</summary>
    public static ScriptedReply Error(int status, string? retryAfter = null) =>
        new(async (context, cancellationToken) =>
        {
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsJsonAsync(
                new { error = new { message = $"Scripted failure {status}.", type = "scripted_error", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                cancellationToken);
        });

    private static async Task StartStreamAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);
        await WriteEventAsync(context, Chunk(new { role = "assistant", content = "" }, null), cancellationToken);
    }

    private static object Chunk(object delta, string? finishReason) => new
    {
        id = "chatcmpl-test",
        @object = "chat.completion.chunk",
        created = 1_750_000_000,
        model = ModelName,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    private static object UsageChunk(int input, int output) => new
    {
        id = "chatcmpl-test",
        @object = "chat.completion.chunk",
        created = 1_750_000_000,
        model = ModelName,
        choices = Array.Empty<object>(),
        usage = new { prompt_tokens = input, completion_tokens = output, total_tokens = input + output },
    };

    private static Task WriteEventAsync(HttpContext context, object chunk, CancellationToken cancellationToken) =>
        WriteDataAsync(context, JsonSerializer.Serialize(chunk), cancellationToken);

    private static async Task WriteDataAsync(HttpContext context, string data, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
