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
/// <param name="Address">
/// Where a chat platform's conversation with the person is (Slack channel and thread, Teams conversation), so a human
/// coach's later message can be posted there; null for the widget.
/// </param>
[GenerateSerializer, Immutable, Alias("coachbot.TurnOrigin")]
public sealed record TurnOrigin(
    [property: Id(0)] string Channel,
    [property: Id(1)] string? ClientId = null,
    [property: Id(2)] ChannelAddress? Address = null)
{
    /// <summary>A widget client, or any client that did not say.</summary>
    public static TurnOrigin Widget { get; } = new(TurnChannels.Widget);
}

/// <summary>A conversation on a chat platform that CoachBot can post into.</summary>
/// <param name="Channel"><see cref="TurnChannels.Slack"/> or <see cref="TurnChannels.Teams"/>.</param>
/// <param name="Workspace">The Slack team id, or the Teams bot's app id.</param>
/// <param name="Conversation">The Slack channel id, or the Teams conversation id.</param>
/// <param name="Thread">The Slack thread's ts; null for Teams.</param>
/// <param name="ServiceUrl">The Teams connector's service URL; null for Slack.</param>
[GenerateSerializer, Immutable, Alias("coachbot.ChannelAddress")]
public sealed record ChannelAddress(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Workspace,
    [property: Id(2)] string Conversation,
    [property: Id(3)] string? Thread = null,
    [property: Id(4)] string? ServiceUrl = null);
