using CoachBot.Conversations;

namespace CoachBot.Grains.Users;

/// <summary>What feedback on a reply may hold: a rating of "up" or "down" and an optional, bounded comment.</summary>
internal static class FeedbackRules
{
    public static (FeedbackRating Rating, string? Comment) Validate(FeedbackSubmission? feedback)
    {
        var rating = feedback?.Rating?.Trim() switch
        {
            { } up when up.Equals("up", StringComparison.OrdinalIgnoreCase) => FeedbackRating.Up,
            { } down when down.Equals("down", StringComparison.OrdinalIgnoreCase) => FeedbackRating.Down,
            _ => throw new CoachBotException(ErrorCodes.InvalidArgument, "rating must be \"up\" or \"down\"."),
        };
        var comment = feedback!.Comment?.Trim();
        if (comment is { Length: > TurnFeedback.MaxCommentLength })
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, $"comment must be at most {TurnFeedback.MaxCommentLength} characters.");
        }

        return (rating, string.IsNullOrEmpty(comment) ? null : comment);
    }
}
