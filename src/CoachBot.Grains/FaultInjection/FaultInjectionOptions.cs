using System.ComponentModel.DataAnnotations;

namespace CoachBot.Grains.FaultInjection;

/// <summary>
/// Holds every turn at one phase for a while, so a fault test can stop or kill the process exactly there. Bound from the
/// "FaultInjection" section, which is read only when present in the host's configuration (files, environment, command
/// line): no request or message can reach it, and without the section nothing is held.
/// </summary>
public sealed class FaultInjectionOptions
{
    public const string SectionName = "FaultInjection";

    /// <summary>The phase every turn is held at.</summary>
    [Required]
    public TurnPhase? PauseAt { get; set; }

    /// <summary>
    /// How long a turn is held. A stop of the turn (the person's, or the host shutting down) ends the hold early, except
    /// at <see cref="TurnPhase.StoringReply"/>, which nothing interrupts, as a hung database write would not be.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PauseFor { get; set; } = TimeSpan.FromMinutes(2);
}
