using System.Globalization;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Engine;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Review;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Server.Api.CoachConsole;

/// <summary>Reads and checks what a coach sends: every bad value is 400 <c>invalid_argument</c> naming the field.</summary>
internal static partial class ConsoleInput
{
    public const int MaxPage = 100;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxReasonLength = 500;
    public const int MaxNoteLength = 4000;
    public const int MaxCorrectionLength = 4000;
    public const int MaxQuestionLength = 1000;
    public const int MaxSearchLength = 200;

    public static ConversationFilter Filter(ConversationQuery query, int defaultLimit = 50) => new()
    {
        Text = Optional(query.Q) is { } q ? (q.Length <= MaxSearchLength ? q : throw Invalid("q", $"at most {MaxSearchLength} characters")) : null,
        User = Optional(query.UserId) is { } user ? (UserId.TryParse(user, out var id) ? id : throw Invalid("userId", "a user id")) : null,
        From = Time(query.From, "from"),
        To = Time(query.To, "to"),
        Channel = Optional(query.Channel) is { } channel ? (TurnChannels.IsKnown(channel) ? channel : throw Invalid("channel", "widget, slack, teams or coach")) : null,
        Intent = Optional(query.Intent) is { } intent ? (IntentNames.Parse(intent) is not null ? intent : throw Invalid("intent", "an intent such as salary or career-path")) : null,
        Rating = Optional(query.Rating) switch
        {
            null => null,
            "up" => FeedbackRating.Up,
            "down" => FeedbackRating.Down,
            _ => throw Invalid("rating", "up or down"),
        },
        Flagged = Optional(query.Flagged) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw Invalid("flagged", "true or false"),
        },
        Status = Optional(query.Status) switch
        {
            null => null,
            "completed" => TurnStatus.Completed,
            "cancelled" => TurnStatus.Cancelled,
            "failed" => TurnStatus.Failed,
            "streaming" => TurnStatus.Streaming,
            _ => throw Invalid("status", "completed, cancelled, failed or streaming"),
        },
        Limit = Optional(query.Limit) is { } limit
            ? int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxPage ? n : throw Invalid("limit", $"1 to {MaxPage}")
            : defaultLimit,
        Before = Optional(query.Cursor) is { } cursor
            ? long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before) && before > 0 ? before : throw Invalid("cursor", "a cursor from an earlier page")
            : null,
    };

    public static DateTimeOffset? Time(string? value, string name) =>
        Optional(value) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : throw Invalid(name, "an ISO 8601 date or time")
            : null;

    public static string Text(string? value, string name, int maxLength) =>
        Optional(value) is { } text
            ? text.Length <= maxLength ? text : throw Invalid(name, $"at most {maxLength} characters")
            : throw Invalid(name, "required");

    public static string? OptionalText(string? value, string name, int maxLength) =>
        Optional(value) is { } text ? Text(text, name, maxLength) : null;

    /// <summary>Role and region ids are lowercase words joined by hyphens, as role pages name them.</summary>
    public static string? ContentId(string? value, string name) =>
        Optional(value) is { } id ? (ContentIdPattern().IsMatch(id) ? id : throw Invalid(name, "lowercase letters, digits and hyphens")) : null;

    public static IReadOnlyList<string> Tags(IReadOnlyList<string?>? tags)
    {
        if (tags is null)
        {
            throw Invalid("tags", "a JSON array of strings");
        }

        if (tags.Count > MaxTags)
        {
            throw Invalid("tags", $"at most {MaxTags} tags");
        }

        return [.. tags
            .Select(tag => Optional(tag)?.ToLowerInvariant() is { } t && t.Length <= MaxTagLength && TagPattern().IsMatch(t)
                ? t
                : throw Invalid("tags", $"tags of 1 to {MaxTagLength} lowercase letters, digits, '-' or '_'"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    public static CoachBotException Invalid(string name, string expected) =>
        new(ErrorCodes.InvalidArgument, $"{name} must be {expected}.");

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContentIdPattern();

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex TagPattern();
}

/// <summary>The list's query string, read as text so that every bad value gets a coded 400; named as sent (camelCase) in the OpenAPI document.</summary>
internal sealed record ConversationQuery(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "userId")] string? UserId,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "channel")] string? Channel,
    [FromQuery(Name = "intent")] string? Intent,
    [FromQuery(Name = "rating")] string? Rating,
    [FromQuery(Name = "flagged")] string? Flagged,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "cursor")] string? Cursor);
