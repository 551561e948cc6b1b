using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Review;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>Turns one stored conversation into its export, redacted before anything is serialised.</summary>
internal static class ExportedConversations
{
    public static ExportedConversation From(ConversationKey key, ConversationHistory history, IReadOnlyList<string> tags, RoleContentLibrary library, bool redact)
    {
        var messages = history.Messages;
        // Names and employers are learned from what people wrote (the user and human coaches), never from CoachBot's own
        // replies, and then replaced in every message: a name given once is also hidden where a reply repeats it.
        var redactor = redact
            ? PiiRedactor.ForConversation(
                messages.Where(m => m.Role != MessageRole.Assistant).Select(m => m.Text)
                    .Concat(messages.Select(m => m.Feedback?.Comment).OfType<string>()),
                messages.Select(m => m.AuthorName).OfType<string>(),
                [])
            : null;
        var profile = messages.LastOrDefault(m => m.ProfileSnapshot is not null)?.ProfileSnapshot;
        return new ExportedConversation(
            key.User.User.Value,
            key.Conversation.ToString(),
            messages.Length > 0 ? messages[0].Channel : null,
            messages.Length > 0 ? messages[0].CreatedAt : null,
            messages.Length > 0 ? messages[^1].CreatedAt : null,
            messages.Length,
            history.HasMore,
            tags,
            profile is null ? null : redactor?.Redact(profile) ?? profile,
            [.. messages.Select(m => ToExported(m, library, redactor))]);
    }

    private static ExportedMessage ToExported(TranscriptMessage message, RoleContentLibrary library, PiiRedactor? redactor)
    {
        var shown = ConsoleTranscript.ToResponse(message, null, library);
        return new ExportedMessage(
            shown.TurnId,
            shown.Role,
            shown.Role == "coach" ? Redacted(message.AuthorName, redactor) : null,
            Redacted(shown.Text, redactor)!,
            shown.At,
            shown.Status,
            shown.ErrorCode,
            shown.Intent,
            shown.Model,
            shown.LatencyMs,
            shown.Tokens,
            // Role-content passages are public content and stay whole; an approved answer is a coach's own words.
            [.. shown.Citations.Select(c => c.Section == ConsoleTranscript.ApprovedAnswerSection ? c with { Passage = Redacted(c.Passage, redactor) } : c)],
            shown.Feedback is { } feedback ? feedback with { Comment = Redacted(feedback.Comment, redactor) } : null);
    }

    private static string? Redacted(string? text, PiiRedactor? redactor) => redactor is null ? text : redactor.RedactOptional(text);
}
