using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.Providers;
using CoachBot.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CoachBot.Coaching.Tests.Providers;

/// <summary>
/// The direct streaming client sends what Semantic Kernel's OpenAI connector sends and reads back what the connector reads,
/// for every prompt's settings and for text that is hard to carry; what it does not write goes through the connector.
/// </summary>
public sealed class OpenAIStreamingChatServiceTests : IAsyncLifetime
{
    private const string ModelId = "coach-test-model";
    private static readonly PromptLibrary Library = new(Path.Combine(AppContext.BaseDirectory, "prompts"), NullLoggerFactory.Instance);

    private OpenAICompatibleServer _server = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await OpenAICompatibleServer.StartAsync();
        _http = new HttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string> PromptsAndTexts()
    {
        string[] texts =
        [
            "How do I move from senior to staff engineer in Berlin?",
            "Quotes \"here\", a backslash \\ and </script><b>markup</b> & ampersands",
            "café, naïve, 日本語, emoji 🚀, \u2028 line separator",
            "line one\r\nline two\n\ttabbed \u0001 control",
            "{\"role\":\"backend-developer\",\"skills\":[{\"name\":\"C#\"}]}",
        ];
        var data = new TheoryData<string, string>();
        foreach (var name in Library.Prompts.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var text in texts)
            {
                data.Add(name, text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PromptsAndTexts))]
    public async Task Every_prompts_request_has_the_same_body_as_through_the_connector(string promptName, string text)
    {
        var settings = Library.Get(promptName).Function.ExecutionSettings?.Values.SingleOrDefault();
        var history = new ChatHistory($"System rules. {text}");
        history.AddUserMessage(text);

        var (expected, actual) = await BodiesAsync(history, settings);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"connector: {expected.ToJsonString()}\ndirect:    {actual.ToJsonString()}");
    }

    public static TheoryData<string> SettingsJson() =>
    [
        "{}",
        """{"temperature":0.7,"top_p":0.95,"presence_penalty":0.5,"frequency_penalty":-0.25,"max_tokens":123,"seed":42,"user":"tenant-a/user-1"}""",
        """{"stop_sequences":["\n\n","END"],"response_format":"text"}""",
        """{"response_format":"json_object","temperature":0}""",
        """{"stop_sequences":[],"temperature":1.3333}""",
    ];

    [Theory]
    [MemberData(nameof(SettingsJson))]
    public async Task Each_supported_setting_goes_on_the_wire_as_the_connector_writes_it(string json)
    {
        var settings = JsonSerializer.Deserialize<PromptExecutionSettings>(json)!;
        var history = new ChatHistory("Be brief.");
        history.AddUserMessage("What next?");
        history.AddAssistantMessage("Tell me your role first.");
        history.AddUserMessage("Backend developer.");

        var (expected, actual) = await BodiesAsync(history, settings);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"connector: {expected.ToJsonString()}\ndirect:    {actual.ToJsonString()}");
    }

    [Fact]
    public async Task No_settings_at_all_are_written_as_the_connector_writes_them()
    {
        var history = new ChatHistory();
        history.AddUserMessage("Hello");

        var (expected, actual) = await BodiesAsync(history, null);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"connector: {expected.ToJsonString()}\ndirect:    {actual.ToJsonString()}");
    }

    [Fact]
    public async Task A_stream_reads_back_the_same_text_model_and_usage_as_through_the_connector()
    {
        string[] pieces = ["Start ", "with \"quotes\" ", "and café ", "🚀 then\nstop."];
        var read = new List<IReadOnlyList<(string Text, string? Model, TokenUsage? Usage)>>();
        foreach (var service in Services())
        {
            _server.Enqueue(ScriptedReply.Stream(pieces, usage: (321, 54)));
            read.Add(await ReadAllAsync(service));
        }

        Assert.Equal(read[0], read[1]);
        Assert.Equal(string.Concat(pieces), string.Concat(read[1].Select(c => c.Text)));
        Assert.Equal(new TokenUsage(321, 54), read[1][^1].Usage);
        Assert.All(read[1], c => Assert.Equal(ScriptedReply.ModelName, c.Model));
    }

    [Fact]
    public async Task A_refused_request_fails_with_the_status_and_the_servers_message_as_through_the_connector()
    {
        // The connector lets the OpenAI SDK's exception out; the direct client throws Semantic Kernel's. Both carry the
        // status and the server's explanation, and both are classified alike.
        foreach (var service in Services())
        {
            _server.Enqueue(ScriptedReply.Error(StatusCodes.Status429TooManyRequests));
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ReadAllAsync(service));
            var (status, explanation) = error switch
            {
                HttpOperationException refused => ((int?)refused.StatusCode, refused.ResponseContent),
                System.ClientModel.ClientResultException refused => (refused.Status, refused.Message),
                _ => (null, null),
            };
            Assert.Equal(StatusCodes.Status429TooManyRequests, status);
            Assert.Contains("Scripted failure 429.", explanation, StringComparison.Ordinal);
            Assert.Equal(ModelFailureKind.Busy, ModelFailureClassifier.Classify(error).Kind);
        }
    }

    [Fact]
    public async Task Events_that_are_not_chat_chunks_fail_the_stream()
    {
        _server.Enqueue(ScriptedReply.Garbage());

        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAllAsync(Direct()));
    }

    [Fact]
    public async Task Requests_it_does_not_write_go_through_the_connector()
    {
        var connector = new RecordingConnector();
        var service = new OpenAIStreamingChatService(connector, _http, _server.V1, ModelId, "key");
        var history = new ChatHistory("rules");
        history.AddUserMessage("hi");
        var named = new ChatHistory();
        named.Add(new ChatMessageContent(AuthorRole.User, "hi") { AuthorName = "sam" });
        var image = new ChatHistory();
        image.Add(new ChatMessageContent(AuthorRole.User, [new TextContent("look"), new ImageContent(new Uri("https://example.org/a.png"))]));
        var tool = new ChatHistory();
        tool.Add(new ChatMessageContent(AuthorRole.Tool, "result"));

        PromptExecutionSettings[] unsupported =
        [
            new OpenAIPromptExecutionSettings { Logprobs = true },
            new OpenAIPromptExecutionSettings { ToolCallBehavior = ToolCallBehavior.EnableKernelFunctions },
            new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() },
            new OpenAIPromptExecutionSettings { ChatSystemPrompt = "extra" },
            new OpenAIPromptExecutionSettings { ResponseFormat = typeof(Outcome) },
            JsonSerializer.Deserialize<PromptExecutionSettings>("""{"response_format":{"type":"json_schema"}}""")!,
        ];
        foreach (var settings in unsupported)
        {
            await ReadAllAsync(service, history, settings);
        }

        foreach (var other in new[] { named, image, tool, [] })
        {
            await ReadAllAsync(service, other, null);
        }

        Assert.Equal(unsupported.Length + 4, connector.Streams);
        Assert.Empty(_server.Requests);

        _server.Enqueue(ScriptedReply.Stream(["direct"]));
        Assert.Equal("direct", string.Concat((await ReadAllAsync(service, history, new OpenAIPromptExecutionSettings { Temperature = 0.2 })).Select(c => c.Text)));
        Assert.Equal(unsupported.Length + 4, connector.Streams);
        Assert.Single(_server.Requests);

        // A reply that is not streamed is the connector's too, whatever the settings.
        var whole = await service.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { Temperature = 0.2 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("whole reply from the connector", Assert.Single(whole).Content);
        Assert.Equal(1, connector.Replies);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Every_setting_the_connector_knows_is_either_written_or_sent_to_the_connector()
    {
        // A setting added to the connector must be placed on one side, or requests using it would lose it silently.
        string[] written = ["Temperature", "TopP", "PresencePenalty", "FrequencyPenalty", "MaxTokens", "StopSequences", "Seed", "ResponseFormat", "User"];
        string[] leftToConnector =
        [
            "TokenSelectionBiases", "ToolCallBehavior", "FunctionChoiceBehavior", "ChatSystemPrompt", "ChatDeveloperPrompt", "Logprobs",
            "TopLogprobs", "Store", "Metadata", "ReasoningEffort", "WebSearchOptions", "Modalities", "Audio", "ExtraBody",
        ];
        string[] notSent = ["ServiceId", "ModelId", "ExtensionData", "IsFrozen"];

        var properties = typeof(OpenAIPromptExecutionSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

        Assert.Equal([.. written.Concat(leftToConnector).Concat(notSent).Order(StringComparer.Ordinal)], properties.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("[DONE]", null, null, true)]
    [InlineData(" [DONE]\n", null, null, true)]
    [InlineData("""{"model":"m1","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""", "", "m1", false)]
    [InlineData("""{"choices":[{"index":1,"delta":{"content":"second"}},{"index":0,"delta":{"content":"first"}}]}""", "first", null, false)]
    [InlineData("""{"choices":[{"delta":{"content":"a\"b\\c\u00e9\n"},"finish_reason":null,"logprobs":{"content":[1,2]}}],"x":{"y":[{}]}}""", "a\"b\\cé\n", null, false)]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":null,"tool_calls":[{"id":"t"}]},"finish_reason":"stop"}]}""", null, null, false)]
    [InlineData("""{"choices":[],"usage":null}""", null, null, false)]
    public void A_chunk_is_read_for_its_first_choices_text_and_model(string data, string? content, string? model, bool done)
    {
        var chunk = OpenAIChatChunk.Parse(Encoding.UTF8.GetBytes(data));

        Assert.Equal((content, model, done), (chunk.Content, chunk.Model, chunk.IsDone));
        Assert.Null(chunk.Usage);
    }

    [Fact]
    public void The_usage_chunk_carries_the_token_counts()
    {
        var chunk = OpenAIChatChunk.Parse("""{"choices":[],"usage":{"prompt_tokens":321,"completion_tokens":54,"total_tokens":375,"prompt_tokens_details":{"cached_tokens":0}}}"""u8);

        Assert.Equal(new TokenUsage(321, 54), chunk.Usage);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[[[")]
    [InlineData("\"text\"")]
    [InlineData("""{"choices":[]} {"choices":[]}""")]
    [InlineData("""{"choices":[{"delta":{"content":"open""")]
    [InlineData("")]
    public void Data_that_is_not_one_json_object_is_refused(string data) =>
        Assert.ThrowsAny<JsonException>(() => OpenAIChatChunk.Parse(Encoding.UTF8.GetBytes(data)));

    [Fact]
    public void An_error_inside_the_stream_is_thrown_with_the_servers_message()
    {
        var error = Assert.Throws<ModelStreamException>(() => OpenAIChatChunk.Parse("""{"error":{"message":"overloaded","type":"server_error"}}"""u8));

        Assert.Contains("overloaded", error.Message, StringComparison.Ordinal);
    }

    private async Task<(JsonObject Connector, JsonObject Direct)> BodiesAsync(ChatHistory history, PromptExecutionSettings? settings)
    {
        foreach (var service in Services())
        {
            _server.Enqueue(ScriptedReply.Stream(["ok"]));
            await ReadAllAsync(service, history, settings);
        }

        var requests = _server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].PathAndQuery, requests[1].PathAndQuery);
        Assert.Equal(requests[0].Header("Authorization"), requests[1].Header("Authorization"));
        return (requests[0].Body, requests[1].Body);
    }

    private IEnumerable<IChatCompletionService> Services() => [Connector(), Direct()];

#pragma warning disable SKEXP0010 // The connector with an endpoint, as the app builds it for OpenAI-compatible servers.
    private OpenAIChatCompletionService Connector() => new(ModelId, _server.V1, "key-123", httpClient: _http);
#pragma warning restore SKEXP0010

    private OpenAIStreamingChatService Direct() => new(Connector(), _http, _server.V1, ModelId, "key-123");

    private static Task<IReadOnlyList<(string Text, string? Model, TokenUsage? Usage)>> ReadAllAsync(IChatCompletionService service)
    {
        var history = new ChatHistory("rules");
        history.AddUserMessage("hello");
        return ReadAllAsync(service, history, null);
    }

    private static async Task<IReadOnlyList<(string Text, string? Model, TokenUsage? Usage)>> ReadAllAsync(
        IChatCompletionService service, ChatHistory history, PromptExecutionSettings? settings)
    {
        var read = new List<(string, string?, TokenUsage?)>();
        await foreach (var content in service.GetStreamingChatMessageContentsAsync(history, settings, cancellationToken: TestContext.Current.CancellationToken))
        {
            read.Add((content.Content ?? "", StreamingContentReader.Model(content), StreamingContentReader.Usage(content)));
        }

        return read;
    }

    private sealed record Outcome(string Answer);

    private sealed class RecordingConnector : IChatCompletionService
    {
        public int Streams { get; private set; }

        public int Replies { get; private set; }

        public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

        public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
            ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
        {
            Replies++;
            return Task.FromResult<IReadOnlyList<ChatMessageContent>>([new ChatMessageContent(AuthorRole.Assistant, "whole reply from the connector")]);
        }

        public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
            ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Streams++;
            await Task.CompletedTask;
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, "from the connector");
        }
    }
}
