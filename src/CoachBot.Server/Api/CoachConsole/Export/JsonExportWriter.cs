using System.Text.Json;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// <see cref="ConversationExportDocument"/> as JSON, written conversation by conversation. The serializer's default
/// encoder escapes &lt;, &gt;, &amp; and quotes in text, so no message can end a string or smuggle markup.
/// </summary>
internal sealed class JsonExportWriter : IExportWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private readonly Utf8JsonWriter _json;

    public JsonExportWriter(Stream body, DateTimeOffset exportedAt, bool redacted)
    {
        _json = new Utf8JsonWriter(body, new JsonWriterOptions { Indented = true });
        _json.WriteStartObject();
        _json.WriteString(JsonNamingPolicy.CamelCase.ConvertName(nameof(ConversationExportDocument.ExportedAt)), exportedAt);
        _json.WriteBoolean(JsonNamingPolicy.CamelCase.ConvertName(nameof(ConversationExportDocument.Redacted)), redacted);
        _json.WriteStartArray(JsonNamingPolicy.CamelCase.ConvertName(nameof(ConversationExportDocument.Conversations)));
    }

    public async Task WriteAsync(ExportedConversation conversation, CancellationToken cancellationToken)
    {
        JsonSerializer.Serialize(_json, conversation, Options);
        await _json.FlushAsync(cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _json.DisposeAsync();
}
