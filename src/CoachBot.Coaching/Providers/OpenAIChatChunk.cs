using System.Text.Json;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// One server-sent event of a streamed chat completion, read for what CoachBot uses: the first choice's text, the model
/// that answered and the token usage (on the last event, when the request asked for it). <c>[DONE]</c> ends the stream.
/// </summary>
/// <param name="Content">The text the event adds, or null.</param>
/// <param name="Model">The model the server names, or null.</param>
/// <param name="Usage">The token usage, or null.</param>
/// <param name="IsDone">Whether this is the stream's closing <c>[DONE]</c>.</param>
internal readonly record struct OpenAIChatChunk(string? Content, string? Model, TokenUsage? Usage, bool IsDone)
{
    private static string? s_lastModel;

    /// <summary>
    /// Reads one event's data. Throws <see cref="JsonException"/> for data that is not one JSON object, and
    /// <see cref="ModelStreamException"/> for an error the server reports inside the stream.
    /// </summary>
    public static OpenAIChatChunk Parse(ReadOnlySpan<byte> data)
    {
        if (data.Trim(" \r\n\t"u8).SequenceEqual("[DONE]"u8))
        {
            return new OpenAIChatChunk(null, null, null, IsDone: true);
        }

        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A streamed chat completion event is not a JSON object.");
        }

        string? content = null;
        string? model = null;
        TokenUsage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                content = ReadChoices(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = reader.TokenType == JsonTokenType.String ? ModelName(ref reader) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                throw new ModelStreamException(ReadErrorMessage(ref reader));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the object (a second value, an unclosed object) is malformed: the reader throws.
        while (reader.Read())
        {
        }

        return new OpenAIChatChunk(content, model, usage, IsDone: false);
    }

    /// <summary>The first choice's delta text (the one with index 0, or the first one listed).</summary>
    private static string? ReadChoices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return SkipValue(ref reader);
        }

        string? first = null;
        var found = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            int? index = null;
            string? text = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    text = ReadDeltaContent(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!found && (index is null or 0))
            {
                first = text;
                found = true;
            }
        }

        return first;
    }

    private static string? ReadDeltaContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return SkipValue(ref reader);
        }

        string? content = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String)
            {
                content = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return content;
    }

    private static TokenUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? input = null;
        int? output = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInput = reader.ValueTextEquals("prompt_tokens"u8);
            var isOutput = reader.ValueTextEquals("completion_tokens"u8);
            reader.Read();
            if ((isInput || isOutput) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count))
            {
                if (isInput)
                {
                    input = count;
                }
                else
                {
                    output = count;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new TokenUsage(input, output);
    }

    private static string ReadErrorMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() ?? "";
        }

        var message = "";
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString() ?? "";
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return message;
    }

    /// <summary>The model's name; every event of a stream names the same model, so the last name read is reused.</summary>
    private static string ModelName(ref Utf8JsonReader reader)
    {
        var last = s_lastModel;
        if (last is not null && !reader.ValueIsEscaped && reader.ValueTextEquals(last))
        {
            return last;
        }

        var name = reader.GetString() ?? "";
        s_lastModel = name;
        return name;
    }

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}

/// <summary>The model's server reported an error inside a stream it had started.</summary>
public sealed class ModelStreamException : Exception
{
    public ModelStreamException()
    {
    }

    public ModelStreamException(string message)
        : base(string.IsNullOrWhiteSpace(message) ? "The model reported an error in its stream." : "The model reported an error in its stream: " + message)
    {
    }

    public ModelStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
