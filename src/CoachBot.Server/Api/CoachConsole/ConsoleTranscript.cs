using System.Text.Json;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Review;

namespace CoachBot.Server.Api.CoachConsole;

/// <summary>Turns stored messages and annotations into the console's transcript.</summary>
internal static class ConsoleTranscript
{
    /// <summary>The most messages one transcript returns (a long conversation is cut from its oldest end).</summary>
    public const int MaxMessages = 2000;

    /// <summary>The section id of a citation that points at an approved answer rather than a role page.</summary>
    public const string ApprovedAnswerSection = Coaching.Approved.ApprovedAnswerSection.SectionId;

    public static ConversationTranscriptResponse From(ConversationKey key, IReadOnlyList<TranscriptMessage> messages, ConversationAnnotations annotations, RoleContentLibrary library)
    {
        var reviews = annotations.Reviews.ToDictionary(r => r.TurnId);
        return new ConversationTranscriptResponse(
            key.User.User.Value,
            key.Conversation.ToString(),
            messages.Count > 0 ? messages[0].Channel : null,
            [.. messages.Select(m => ToResponse(m, m.Role == MessageRole.Assistant ? reviews.GetValueOrDefault(m.TurnId) : null, library))],
            annotations.Tags,
            [.. annotations.Flags.Select(ToResponse)],
            [.. annotations.Notes.Select(n => new NoteResponse(n.Id, n.Text, n.CreatedBy, n.CreatedAt))]);
    }

    public static ConsoleMessageResponse ToResponse(TranscriptMessage message, TurnReview? review, RoleContentLibrary library)
    {
        var reply = message.Role == MessageRole.Assistant;
        return new ConsoleMessageResponse(
            message.TurnId.ToString(),
            reply ? "assistant" : message.Channel == TurnChannels.Coach ? "coach" : "user",
            message.Text,
            message.CreatedAt,
            message.Status.ToString().ToLowerInvariant(),
            message.ErrorCode,
            message.Metadata?.Intent,
            message.Model,
            reply && message.CompletedAt is { } done ? (long)(done - message.CreatedAt).TotalMilliseconds : null,
            message.Metadata?.Usage is { } usage ? new TokenCountsResponse(usage.InputTokens, usage.OutputTokens) : null,
            [.. message.Citations.Select(c => ToResponse(c, message, library))],
            message.ProfileSnapshot is { } profile ? JsonSerializer.SerializeToElement(profile, JsonSerializerOptions.Web) : null,
            message.Metadata?.Assessment is { } assessment ? JsonSerializer.SerializeToElement(assessment, JsonSerializerOptions.Web) : null,
            message.Feedback is { } feedback ? new ConsoleFeedbackResponse(CoachConsoleEndpoints.RatingText(feedback.Rating), feedback.Comment, feedback.SubmittedAt) : null,
            review is null ? null : ToResponse(review));
    }

    /// <summary>
    /// The passage is the cited section's text as the content has it now (the tenant's own page first); an approved
    /// answer's citation carries the answer itself, and a section that no longer exists falls back to what was stored.
    /// </summary>
    private static ConsoleCitationResponse ToResponse(Citation citation, TranscriptMessage message, RoleContentLibrary library)
    {
        if (citation.SectionId == ApprovedAnswerSection)
        {
            return new(ApprovedAnswerSection + "/" + citation.ContentVersion, citation.SectionId, citation.SectionTitle, citation.Passage, citation.RoleId, citation.Region, citation.ContentVersion);
        }

        var section = library.Get(message.TenantId, citation.RoleId, citation.Region)?.Sections.FirstOrDefault(s => s.SectionId == citation.SectionId);
        return new(
            $"{citation.RoleId}/{citation.Region}/{citation.SectionId}", citation.SectionId, citation.SectionTitle, section?.Text ?? citation.Passage,
            citation.RoleId, citation.Region, citation.ContentVersion);
    }

    public static ReviewResponse ToResponse(TurnReview review) =>
        new(review.TurnId.ToString(), review.Rubric, review.Correction, review.Question, review.RoleId, review.RegionId, review.ApprovedAnswerId, review.ReviewedBy, review.ReviewedAt);

    public static FlagResponse ToResponse(ConversationFlag flag) =>
        new(flag.Id, flag.UserId.Value, flag.ConversationId.ToString(), flag.TurnId?.ToString(), flag.Reason, flag.State, flag.Note, flag.CreatedBy, flag.CreatedAt, flag.UpdatedAt);
}
