using System.Globalization;
using System.Text;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// A readable transcript: a heading per conversation and per message, each message's text as a block quote. Every
/// value from storage goes through <see cref="MarkdownText"/>, so a message cannot add structure or HTML to the file.
/// </summary>
internal sealed class MarkdownExportWriter : IExportWriter
{
    private readonly StreamWriter _writer;
    private readonly StringBuilder _page = new();

    public MarkdownExportWriter(Stream body, DateTimeOffset exportedAt, bool redacted)
    {
        _writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        _page.Append("# CoachBot conversations\n\n")
            .Append(CultureInfo.InvariantCulture, $"Exported {Time(exportedAt)}. ")
            .Append(redacted
                ? "Personal details are redacted: emails, phone numbers, names, employers and salary figures are replaced by tags such as \\[name\\]. Ids are kept.\n\n"
                : "Not redacted: this file holds personal details.\n\n");
    }

    public async Task WriteAsync(ExportedConversation conversation, CancellationToken cancellationToken)
    {
        var page = _page;
        page.Append("## Conversation ").Append(MarkdownText.Inline(conversation.ConversationId)).Append("\n\n")
            .Append("- User: ").Append(MarkdownText.Inline(conversation.UserId)).Append('\n')
            .Append("- Channel: ").Append(MarkdownText.Inline(conversation.Channel ?? "not recorded")).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"- Messages: {conversation.MessageCount}");
        if (conversation.StartedAt is { } started && conversation.LastMessageAt is { } last)
        {
            page.Append(CultureInfo.InvariantCulture, $", {Time(started)} to {Time(last)}");
        }

        page.Append(conversation.Truncated ? " (older messages left out)\n" : "\n");
        if (conversation.Tags.Count > 0)
        {
            page.Append("- Tags: ").Append(MarkdownText.Inline(string.Join(", ", conversation.Tags))).Append('\n');
        }

        page.Append('\n');
        foreach (var message in conversation.Messages)
        {
            AppendMessage(page, message);
        }

        await FlushPageAsync(cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushPageAsync(cancellationToken);
        await _writer.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static void AppendMessage(StringBuilder page, ExportedMessage message)
    {
        var who = message.Role switch
        {
            "assistant" => "CoachBot",
            "coach" => "Coach" + (message.Author is { } author ? " " + MarkdownText.Inline(author) : string.Empty),
            _ => "User",
        };
        page.Append("### ").Append(who).Append(" · ").Append(Time(message.At));
        if (message.Role == "assistant")
        {
            page.Append(" · ").Append(MarkdownText.Inline(message.Status));
            AppendFact(page, "error", message.ErrorCode);
            AppendFact(page, "intent", message.Intent);
            AppendFact(page, "model", message.Model);
            AppendFact(page, "latency", message.LatencyMs is { } ms ? ms.ToString(CultureInfo.InvariantCulture) + " ms" : null);
            AppendFact(page, "tokens", message.Tokens is { } tokens ? $"{tokens.Prompt?.ToString(CultureInfo.InvariantCulture) ?? "?"} in, {tokens.Completion?.ToString(CultureInfo.InvariantCulture) ?? "?"} out" : null);
        }

        page.Append("\n\n").Append(message.Text.Length == 0 ? ">\n" : MarkdownText.Quote(message.Text)).Append('\n');
        if (message.Citations.Count > 0)
        {
            page.Append("Sources:\n\n");
            foreach (var citation in message.Citations)
            {
                page.Append("- ").Append(MarkdownText.Inline(citation.Title)).Append(" (").Append(MarkdownText.Inline(citation.Id))
                    .Append(", version ").Append(MarkdownText.Inline(citation.ContentVersion)).Append(')');
                if (citation.Passage is { Length: > 0 } passage)
                {
                    page.Append(": ").Append(MarkdownText.Inline(passage));
                }

                page.Append('\n');
            }

            page.Append('\n');
        }

        if (message.Feedback is { } feedback)
        {
            page.Append("User rating: ").Append(MarkdownText.Inline(feedback.Rating));
            if (feedback.Comment is { Length: > 0 } comment)
            {
                page.Append(", ").Append(MarkdownText.Inline(comment));
            }

            page.Append("\n\n");
        }
    }

    private static void AppendFact(StringBuilder page, string label, string? value)
    {
        if (value is not null)
        {
            page.Append(" · ").Append(label).Append(' ').Append(MarkdownText.Inline(value));
        }
    }

    private async Task FlushPageAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in _page.GetChunks())
        {
            await _writer.WriteAsync(chunk, cancellationToken);
        }

        _page.Clear();
        await _writer.FlushAsync(cancellationToken);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
