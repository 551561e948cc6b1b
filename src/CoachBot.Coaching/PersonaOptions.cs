using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching;

/// <summary>The coach's persona. Bound from "Coaching:Persona"; tenants will override it.</summary>
public sealed class PersonaOptions
{
    /// <summary>The coach's display name.</summary>
    [Required, StringLength(60, MinimumLength = 1)]
    public string CoachName { get; set; } = "CoachBot";

    /// <summary>A few words describing the tone of voice.</summary>
    [Required, StringLength(120, MinimumLength = 1)]
    public string Tone { get; set; } = "warm, direct and practical";
}
