using System.Text.Json;
using CoachBot.Ids;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// The feedback buttons under a completed reply: an Adaptive Card whose two Submit actions carry the turn id and a
/// rating; Teams sends the click back as a message whose <c>value</c> is that data.
/// </summary>
internal static class TeamsFeedback
{
    private const string DataKey = "coachbotFeedback";

    /// <summary>The card attachment for <paramref name="turnId"/>.</summary>
    public static object Card(TurnId turnId) => new
    {
        contentType = "application/vnd.microsoft.card.adaptive",
        content = new Dictionary<string, object>
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new object[] { new { type = "TextBlock", text = "Was this answer helpful?", size = "Small", isSubtle = true } },
            ["actions"] = new object[] { Action("👍 Helpful", turnId, "up"), Action("👎 Not helpful", turnId, "down") },
        },
    };

    /// <summary>The turn and rating of a feedback click, or null when <paramref name="value"/> is not one.</summary>
    public static (TurnId Turn, string Rating)? Read(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty(DataKey, out var feedback) || feedback.ValueKind != JsonValueKind.Object
            || !feedback.TryGetProperty("turnId", out var turn) || turn.ValueKind != JsonValueKind.String || !TurnId.TryParse(turn.GetString(), out var turnId)
            || !feedback.TryGetProperty("rating", out var rating) || rating.GetString() is not ("up" or "down") || rating.GetString() is not { } ratingText)
        {
            return null;
        }

        return (turnId, ratingText);
    }

    private static object Action(string title, TurnId turnId, string rating) => new
    {
        type = "Action.Submit",
        title,
        data = new Dictionary<string, object> { [DataKey] = new { turnId = turnId.ToString(), rating } },
    };
}
