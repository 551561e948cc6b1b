using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Benchmarks.FakeModel;

/// <summary>
/// <c>POST /v1/chat/completions</c> as OpenAI streams it: <c>text/event-stream</c>, one <c>chat.completion.chunk</c> per token,
/// each flushed on its own, a last chunk with <c>finish_reason: "stop"</c>, then <c>[DONE]</c>. No usage chunk, so the
/// server under test counts no model tokens against its quotas. A non-streaming request gets <c>{}</c> as its whole answer.
/// </summary>
public static partial class CompletionEndpoint
{
    // Plain words and sentence ends, no digits: the servers' post-processing has nothing to strip or hold back.
    private static readonly string[] Words =
        "Pick one skill that your next level asks for and practise it every week. Ask your manager which projects would show it. Write down what you learned after each one. "
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static readonly byte[][] TokenEvents = [.. Words.Select(word => Event($$"""{"id":"fake","object":"chat.completion.chunk","created":0,"model":"fake","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(word + " ")}}},"finish_reason":null}]}"""))];
    private static readonly byte[] RoleEvent = Event("""{"id":"fake","object":"chat.completion.chunk","created":0,"model":"fake","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""");
    private static readonly byte[] StopEvent = Event("""{"id":"fake","object":"chat.completion.chunk","created":0,"model":"fake","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
    private static readonly byte[] DoneEvent = Encoding.UTF8.GetBytes("data: [DONE]\n\n");
    private static readonly byte[] GarbageEvents = Encoding.UTF8.GetBytes("data: {\"id\":\"fake\",\"choices\":[{\"delta\n\ndata: <html>bad gateway</html>\n\ndata: \u0001\u0002\n\n");

    public static IServiceCollection AddFakeModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FakeModelOptions>().Bind(configuration.GetSection(FakeModelOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModelState>();
        return services;
    }

    public static IEndpointRouteBuilder MapFakeModel(this IEndpointRouteBuilder app)
    {
        app.MapPost(FakeModelPaths.Completions, CompleteAsync);
        app.MapGet(FakeModelPaths.Profile, (ModelState state) => TypedResults.Ok(state.Profile));
        app.MapPut(FakeModelPaths.Profile, Results<Ok<ModelProfile>, BadRequest<string>> (ModelProfile profile, ModelState state) =>
        {
            if (profile.TtftMs < 0 || profile.GapMs < 0 || profile.Tokens < 1)
            {
                return TypedResults.BadRequest("ttftMs and gapMs must be 0 or more, tokens 1 or more");
            }

            state.Profile = profile;
            return TypedResults.Ok(profile);
        });
        app.MapDelete(FakeModelPaths.Stamps, (ModelState state) => TypedResults.Ok(state.Drain()));
        app.MapGet(FakeModelPaths.Faults, (ModelState state) => TypedResults.Ok(new { mix = state.Faults, counts = state.FaultCounts }));
        app.MapPut(FakeModelPaths.Faults, Results<Ok<FaultMix>, BadRequest<string>> (FaultMix mix, ModelState state) =>
        {
            if (!mix.IsValid)
            {
                return TypedResults.BadRequest("shares must be 0 or more and add up to at most 1; slowFirstTokenMs 0 to 60000");
            }

            state.Faults = mix;
            return TypedResults.Ok(mix);
        });
        return app;
    }

    private static async Task CompleteAsync(HttpContext context, ModelState state)
    {
        var received = Stopwatch.GetTimestamp();
        var profile = state.For(context.Request);
        var cancellationToken = context.RequestAborted;
        bool streaming;
        string marker;
        using (var request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken))
        {
            streaming = request.RootElement.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
            marker = FindMarker(request.RootElement);
        }

        if (!streaming)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"id":"fake","object":"chat.completion","created":0,"model":"fake","choices":[{"index":0,"message":{"role":"assistant","content":"{}"},"finish_reason":"stop"}]}""", cancellationToken);
            return;
        }

        var fault = state.NextFault();
        if (fault is ModelFaults.RateLimited or ModelFaults.ServerError)
        {
            context.Response.StatusCode = fault == ModelFaults.RateLimited ? StatusCodes.Status429TooManyRequests : StatusCodes.Status500InternalServerError;
            context.Response.Headers.RetryAfter = "0";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"message":"injected fault","type":"server_error"}}""", cancellationToken);
            state.Record(new ModelStamp(marker, received, 0, 0, 0, fault));
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var body = context.Response.Body;
        if (fault == ModelFaults.GarbageStream)
        {
            await body.WriteAsync(GarbageEvents, cancellationToken);
            await body.FlushAsync(cancellationToken);
            state.Record(new ModelStamp(marker, received, 0, 0, 0, fault));
            return;
        }

        await PauseAsync(fault == ModelFaults.SlowFirstToken ? state.Faults.SlowFirstTokenMs : profile.TtftMs, cancellationToken);
        await body.WriteAsync(RoleEvent, cancellationToken);
        await body.WriteAsync(TokenEvents[0], cancellationToken);
        await body.FlushAsync(cancellationToken);
        var first = Stopwatch.GetTimestamp();
        var last = first;
        // A cut stream stops after about a third of its tokens, without the stop chunk, and the connection is dropped.
        var cutAfter = fault == ModelFaults.CutStream ? Math.Max(1, profile.Tokens / 3) : int.MaxValue;
        for (var i = 1; i < profile.Tokens; i++)
        {
            if (i == cutAfter)
            {
                state.Record(new ModelStamp(marker, received, first, last, i, fault));
                context.Abort();
                return;
            }

            await PauseAsync(profile.GapMs, cancellationToken);
            await body.WriteAsync(TokenEvents[i % TokenEvents.Length], cancellationToken);
            await body.FlushAsync(cancellationToken);
            last = Stopwatch.GetTimestamp();
        }

        await body.WriteAsync(StopEvent, cancellationToken);
        await body.WriteAsync(DoneEvent, cancellationToken);
        await body.FlushAsync(cancellationToken);
        state.Record(new ModelStamp(marker, received, first, last, profile.Tokens, fault));
    }

    private static Task PauseAsync(double milliseconds, CancellationToken cancellationToken) =>
        milliseconds > 0 ? Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellationToken) : Task.CompletedTask;

    /// <summary>The marker in the last user message: the one the client just sent, not one quoted from earlier turns.</summary>
    private static string FindMarker(JsonElement request)
    {
        if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        for (var i = messages.GetArrayLength() - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (message.TryGetProperty("role", out var role) && role.ValueEquals("user") && message.TryGetProperty("content", out var content))
            {
                var match = MarkerPattern().Match(content.ValueKind == JsonValueKind.String ? content.GetString()! : content.GetRawText());
                return match.Success ? match.Value : "";
            }
        }

        return "";
    }

    private static byte[] Event(string json) => Encoding.UTF8.GetBytes("data: " + json + "\n\n");

    [GeneratedRegex("bq[0-9a-f]{16}")]
    private static partial Regex MarkerPattern();
}
