namespace CoachBot.Conversations;

/// <summary>The channels a message can come from; stored with each transcript message.</summary>
public static class TurnChannels
{
    /// <summary>The web widget or any SignalR / REST client.</summary>
    public const string Widget = "widget";

    /// <summary>The Slack app.</summary>
    public const string Slack = "slack";

    /// <summary>The Microsoft Teams bot.</summary>
    public const string Teams = "teams";

    /// <summary>A human coach writing into the conversation.</summary>
    public const string Coach = "coach";

    /// <summary>True for one of the channels above.</summary>
    public static bool IsKnown(string? channel) => channel is Widget or Slack or Teams or Coach;
}

/// <summary>Where a turn was started.</summary>
/// <param name="Channel">One of <see cref="TurnChannels"/>.</param>
/// <param name="ClientId">
/// The client that started it (a SignalR connection id), which already follows the turn and is not told it started;
/// null when every connection of the user should be told.
/// </param>
[GenerateSerializer, Immutable, Alias("coachbot.TurnOrigin")]
public sealed record TurnOrigin(
    [property: Id(0)] string Channel,
    [property: Id(1)] string? ClientId = null)
{
    /// <summary>A widget client, or any client that did not say.</summary>
    public static TurnOrigin Widget { get; } = new(TurnChannels.Widget);
}
