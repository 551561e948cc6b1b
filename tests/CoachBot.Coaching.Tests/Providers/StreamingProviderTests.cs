using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Providers;
using CoachBot.Conversations;
using static CoachBot.Coaching.Tests.Providers.ProviderTestHost;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class StreamingProviderTests : IAsyncLifetime
{
    private OpenAICompatibleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await OpenAICompatibleServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_streamed_reply_arrives_chunk_by_chunk_in_order_with_usage_on_the_last_update()
    {
        string[] pieces = ["Start by ", "writing down ", "the outcome ", "you want."];
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Enqueue(ScriptedReply.Stream(pieces, usage: (321, 54), holdAfter: 1, resume: firstSeen.Task));
        await using var services = Build(OpenAICompatible(_server));

        // The server holds the rest of the reply until the first piece has reached the caller: it streams, it is not buffered.
        var outcome = await RunTurnAsync(services, _ => firstSeen.TrySetResult(), Guard(TimeSpan.FromSeconds(30)));

        Assert.Null(outcome.Failure);
        // Each piece goes on as it arrives; only a trailing space waits for the next one (a marker after it may be removed).
        Assert.Equal(["Start by", " writing down", " the outcome", " you want."], outcome.TextDeltas);
        Assert.Equal(string.Concat(pieces), outcome.Text);
        var last = outcome.Updates[^1];
        Assert.Equal("", last.Delta);
        Assert.Equal(ScriptedReply.ModelName, last.Model);
        Assert.Equal(new TokenUsage(321, 54), last.Metadata?.Usage);
        Assert.All(outcome.Updates.SkipLast(1), u => Assert.Null(u.Metadata?.Usage));
    }

    [Fact]
    public async Task The_request_streams_the_rendered_prompt_to_the_configured_model_with_the_bearer_key()
    {
        _server.Enqueue(ScriptedReply.Stream(["Hi."]));
        await using var services = Build(OpenAICompatible(_server));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.Null(outcome.Failure);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal("Bearer " + OpenAIKey, request.Header("Authorization"));
        Assert.True(request.Body["stream"]!.GetValue<bool>());
        Assert.True(request.Body["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal("coach-test-model", request.Body["model"]!.GetValue<string>());

        var messages = request.Body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var system = messages[0]!["content"]!.GetValue<string>();
        Assert.StartsWith("You are CoachBot", system, StringComparison.Ordinal);
        Assert.Contains("\"targetRole\":\"Backend Developer\"", system, StringComparison.Ordinal);
        Assert.Contains("What should I learn?", system, StringComparison.Ordinal);
        Assert.Equal("How do I become senior?", messages[1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_coachs_name_and_tone_reach_the_model_as_written()
    {
        _server.Enqueue(ScriptedReply.Stream(["Hi."]));
        var settings = OpenAICompatible(_server);
        settings["Coaching:Persona:CoachName"] = "Ana's & Co <Coach>";
        settings["Coaching:Persona:Tone"] = "warm & \"direct\"";
        await using var services = Build(settings);

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        var system = Assert.Single(_server.Requests).Body["messages"]![0]!["content"]!.GetValue<string>();
        Assert.StartsWith("You are Ana's & Co <Coach>, a career coach. Your tone is warm & \"direct\".", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openai_compatible_provider_works_without_a_key()
    {
        _server.Enqueue(ScriptedReply.Stream(["Local ", "model ", "reply."]));
        await using var services = Build(OpenAICompatible(_server, apiKey: null));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        Assert.Equal("Local model reply.", outcome.Text);
        var request = Assert.Single(_server.Requests);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task The_azure_openai_provider_sends_the_api_key_header_to_the_deployment()
    {
        _server.Enqueue(ScriptedReply.Stream(["From ", "Azure."], usage: (10, 2)));
        await using var services = Build(new Dictionary<string, string?>
        {
            ["Coaching:Model"] = "azure-openai",
            ["Coaching:Llm:Endpoint"] = _server.Root.ToString(),
            ["Coaching:Llm:Deployment"] = "coach-gpt4o",
            ["Coaching:Llm:ApiKey"] = "azure-key-0123456789",
        });

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        Assert.Equal("From Azure.", outcome.Text);
        Assert.Equal(new TokenUsage(10, 2), outcome.Updates[^1].Metadata?.Usage);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("azure-key-0123456789", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.StartsWith("/openai/deployments/coach-gpt4o/chat/completions?api-version=", request.PathAndQuery, StringComparison.Ordinal);
        Assert.True(request.Body["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_stream_cut_midway_fails_the_turn_after_the_partial_text_arrived()
    {
        var partialSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Enqueue(ScriptedReply.CutAfter(["Here is ", "the first half"], partialSeen.Task));
        await using var services = Build(OpenAICompatible(_server));
        var seen = "";

        var outcome = await RunTurnAsync(
            services,
            update =>
            {
                seen += update.Delta;
                if (seen == "Here is the first half")
                {
                    partialSeen.TrySetResult();
                }
            },
            Guard(TimeSpan.FromSeconds(30)));

        Assert.Equal("Here is the first half", outcome.Text);
        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.StreamBrokenMessage, failure.Message);
        Assert.Single(_server.Requests);
    }
}
