using System.Globalization;
using CsvHelper;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// One RFC 4180 row per message (CRLF, fields quoted when they hold a comma, quote or line break). A cell that starts
/// with = + - @, a tab or a carriage return gets a leading apostrophe, so a spreadsheet never runs it as a formula.
/// </summary>
internal sealed class CsvExportWriter(Stream body) : IExportWriter
{
    /// <summary>The columns, in order.</summary>
    public static readonly string[] Header =
    [
        "user_id", "conversation_id", "channel", "turn_id", "role", "author", "at", "status", "error_code", "intent", "model",
        "latency_ms", "prompt_tokens", "completion_tokens", "citations", "feedback_rating", "feedback_comment", "text",
    ];

    private readonly CsvWriter _csv = CsvWriter.Create(body, CsvWriterOptions.Default with { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
    private bool _started;

    public async Task WriteAsync(ExportedConversation conversation, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        foreach (var message in conversation.Messages)
        {
            await _csv.WriteRecordAsync(
                [
                    conversation.UserId,
                    conversation.ConversationId,
                    conversation.Channel ?? string.Empty,
                    message.TurnId,
                    message.Role,
                    message.Author ?? string.Empty,
                    message.At.ToString("O", CultureInfo.InvariantCulture),
                    message.Status,
                    message.ErrorCode ?? string.Empty,
                    message.Intent ?? string.Empty,
                    message.Model ?? string.Empty,
                    Number(message.LatencyMs),
                    Number(message.Tokens?.Prompt),
                    Number(message.Tokens?.Completion),
                    string.Join("; ", message.Citations.Select(c => c.Id)),
                    message.Feedback?.Rating ?? string.Empty,
                    message.Feedback?.Comment ?? string.Empty,
                    message.Text,
                ],
                cancellationToken);
        }

        await _csv.FlushAsync(cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await _csv.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _csv.DisposeAsync();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            await _csv.WriteRecordAsync(Header, cancellationToken);
        }
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
