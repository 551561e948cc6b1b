using System.Buffers;
using System.Text.Json;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// <see cref="ConversationExportDocument"/> as JSON, written conversation by conversation. The serializer's default
/// encoder escapes &lt;, &gt;, &amp; and quotes in text, so no message can end a string or smuggle markup.
/// </summary>
/// <remarks>
/// The serializer flushes its writer synchronously, which the server does not allow on a response: each conversation is
/// serialised into a buffer that is then copied to the response asynchronously.
/// </remarks>
internal sealed class JsonExportWriter : IExportWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private readonly Stream _body;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;

    public JsonExportWriter(Stream body, DateTimeOffset exportedAt, bool redacted)
    {
        _body = body;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true });
        _json.WriteStartObject();
        _json.WriteString(JsonNamingPolicy.CamelCase.ConvertName(nameof(ConversationExportDocument.ExportedAt)), exportedAt);
        _json.WriteBoolean(JsonNamingPolicy.CamelCase.ConvertName(nameof(ConversationExportDocument.Redacted)), redacted);
        _json.WriteStartArray(JsonNamingPolicy.CamelCase.ConvertName(nameof(ConversationExportDocument.Conversations)));
    }

    public Task WriteAsync(ExportedConversation conversation, CancellationToken cancellationToken)
    {
        JsonSerializer.Serialize(_json, conversation, Options);
        return SendAsync(cancellationToken);
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        return SendAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _json.DisposeAsync();

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        await _body.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        await _body.FlushAsync(cancellationToken);
        _buffer.ResetWrittenCount();
    }
}
