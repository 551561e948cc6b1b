using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Writes a streamed chat completions request body the way Semantic Kernel's OpenAI connector and the OpenAI SDK write it
/// (the same fields and values), for the requests CoachBot makes: messages of plain text from the system, developer, user
/// or assistant, and the sampling settings below. Anything else (tools, function choice, log probabilities, reasoning
/// effort, audio, extra body fields, a JSON schema, a message with images or a name) is not written here: the caller
/// sends it through the connector.
/// </summary>
internal static class OpenAIChatRequest
{
    private static readonly ConditionalWeakTable<PromptExecutionSettings, WireSettings> FrozenSettings = [];
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The UTF-8 JSON body, or null when the request needs more than this writer knows.</summary>
    public static byte[]? TryWrite(ChatHistory history, PromptExecutionSettings? settings, string modelId)
    {
        var wire = WireSettings.For(settings);
        if (!wire.Supported || history.Count == 0)
        {
            return null;
        }

        var texts = new string[history.Count];
        var length = 256;
        for (var i = 0; i < texts.Length; i++)
        {
            if (TextOf(history[i]) is not { } text || !IsPlainRole(history[i].Role))
            {
                return null;
            }

            texts[i] = text;
            length += text.Length + 32;
        }

        var buffer = new ArrayBufferWriter<byte>(length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("messages"u8);
            for (var i = 0; i < texts.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, history[i].Role.Label);
                writer.WriteString("content"u8, texts[i]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model"u8, modelId);
            wire.Write(writer);
            writer.WriteBoolean("stream"u8, true);
            writer.WriteStartObject("stream_options"u8);
            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The message's text when it is text alone and unnamed (what the connector sends as a plain string).</summary>
    private static string? TextOf(ChatMessageContent message) =>
        message is { AuthorName: null, Items: [TextContent { Text: { } text }] } ? text : null;

    private static bool IsPlainRole(AuthorRole role) =>
        role == AuthorRole.System || role == AuthorRole.User || role == AuthorRole.Assistant || role == AuthorRole.Developer;

    /// <summary>The settings as they go on the wire; <see cref="Supported"/> is false when any setting needs the connector.</summary>
    internal sealed class WireSettings
    {
        private static readonly WireSettings None = new(new OpenAIPromptExecutionSettings());

        private readonly float? _temperature;
        private readonly float? _topP;
        private readonly float? _frequencyPenalty;
        private readonly float? _presencePenalty;
        private readonly int? _maxTokens;
        private readonly long? _seed;
        private readonly string? _user;
        private readonly string[] _stop;
        private readonly string? _responseFormat;

        private WireSettings(OpenAIPromptExecutionSettings settings)
        {
            _temperature = (float?)settings.Temperature;
            _topP = (float?)settings.TopP;
            _frequencyPenalty = (float?)settings.FrequencyPenalty;
            _presencePenalty = (float?)settings.PresencePenalty;
            _maxTokens = settings.MaxTokens;
            _seed = settings.Seed;
            _user = settings.User;
            _stop = settings.StopSequences is { Count: > 0 } stop ? [.. stop] : [];
            (var formatKnown, _responseFormat) = ResponseFormat(settings.ResponseFormat);
#pragma warning disable SKEXP0010 // Read only to send the request to the connector when they are set.
            Supported = formatKnown
                && settings.FunctionChoiceBehavior is null
                && settings.ToolCallBehavior is null
                && settings.TokenSelectionBiases is null
                && string.IsNullOrWhiteSpace(settings.ChatSystemPrompt)
                && string.IsNullOrWhiteSpace(settings.ChatDeveloperPrompt)
                && settings.Logprobs is null
                && settings.TopLogprobs is null
                && settings.Store is null
                && settings.Metadata is null
                && settings.ReasoningEffort is null
                && settings.WebSearchOptions is null
                && settings.Modalities is null
                && settings.Audio is null
                && settings.ExtraBody is null;
#pragma warning restore SKEXP0010
        }

        /// <summary>Whether every setting is one this writer sends.</summary>
        public bool Supported { get; }

        /// <summary>
        /// The wire settings for <paramref name="settings"/>; frozen settings (a prompt's own) are read once and remembered,
        /// as the connector reads them on every call.
        /// </summary>
        public static WireSettings For(PromptExecutionSettings? settings) => settings switch
        {
            null => None,
            { IsFrozen: true } => FrozenSettings.GetValue(settings, static s => Read(s)),
            _ => Read(settings),
        };

        private static WireSettings Read(PromptExecutionSettings settings) => new(OpenAIPromptExecutionSettings.FromExecutionSettings(settings));

        public void Write(Utf8JsonWriter writer)
        {
            if (_frequencyPenalty is { } frequencyPenalty)
            {
                writer.WriteNumber("frequency_penalty"u8, frequencyPenalty);
            }

            if (_maxTokens is { } maxTokens)
            {
                writer.WriteNumber("max_completion_tokens"u8, maxTokens);
            }

            if (_presencePenalty is { } presencePenalty)
            {
                writer.WriteNumber("presence_penalty"u8, presencePenalty);
            }

            if (_responseFormat is not null)
            {
                writer.WriteStartObject("response_format"u8);
                writer.WriteString("type"u8, _responseFormat);
                writer.WriteEndObject();
            }

            if (_seed is { } seed)
            {
                writer.WriteNumber("seed"u8, seed);
            }

            if (_stop.Length > 0)
            {
                writer.WriteStartArray("stop"u8);
                foreach (var sequence in _stop)
                {
                    writer.WriteStringValue(sequence);
                }

                writer.WriteEndArray();
            }

            if (_temperature is { } temperature)
            {
                writer.WriteNumber("temperature"u8, temperature);
            }

            if (_topP is { } topP)
            {
                writer.WriteNumber("top_p"u8, topP);
            }

            if (_user is not null)
            {
                writer.WriteString("user"u8, _user);
            }
        }

        /// <summary>The response format's wire type, as the connector reads the setting; not known for a JSON schema or a format object.</summary>
        private static (bool Known, string? Type) ResponseFormat(object? format) => format switch
        {
            null => (true, null),
            "json_object" => (true, "json_object"),
            "text" => (true, "text"),
            string => (true, null),
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() switch
            {
                "json_object" => (true, "json_object"),
                null or "" or "text" => (true, "text"),
                _ => (false, null),
            },
            _ => (false, null),
        };
    }
}
