using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoachBot.Ids;

/// <summary>An id whose text form is a validated string.</summary>
public interface IStringId<TSelf>
    where TSelf : struct, IStringId<TSelf>
{
    /// <summary>The id's text.</summary>
    string Value { get; }

    /// <summary>Creates an id, throwing <see cref="FormatException"/> when the text is malformed.</summary>
    static abstract TSelf Parse(string value);
}

/// <summary>An id whose value is a Guid.</summary>
public interface IGuidId<TSelf>
    where TSelf : struct, IGuidId<TSelf>
{
    /// <summary>The id's value.</summary>
    Guid Value { get; }

    /// <summary>Wraps a Guid.</summary>
    static abstract TSelf From(Guid value);
}

/// <summary>Writes a string id as a plain JSON string and validates it when read.</summary>
public sealed class StringIdJsonConverter<T> : JsonConverter<T>
    where T : struct, IStringId<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("An id must be a string.");
        try
        {
            return T.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>Writes a Guid id as a plain JSON string.</summary>
public sealed class GuidIdJsonConverter<T> : JsonConverter<T>
    where T : struct, IGuidId<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.From(reader.GetGuid());

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
