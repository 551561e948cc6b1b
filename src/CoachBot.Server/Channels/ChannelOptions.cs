using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Channels;

/// <summary>What the chat platform adapters share. Section <c>Channels</c>.</summary>
public sealed class ChannelOptions
{
    public const string SectionName = "Channels";

    /// <summary>How long a link code from the widget stays usable in Slack or Teams.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan LinkCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
