using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching;

/// <summary>The coach's persona. Bound from "Coaching:Persona"; the default tenant starts with it, and each tenant sets its own.</summary>
public sealed class PersonaOptions
{
    /// <summary>The coach's display name.</summary>
    [Required, StringLength(60, MinimumLength = 1)]
    public string CoachName { get; set; } = "CoachBot";

    /// <summary>A few words describing the tone of voice.</summary>
    [Required, StringLength(120, MinimumLength = 1)]
    public string Tone { get; set; } = "warm, direct and practical";

    /// <summary>The first words the widget shows; the default tenant starts with it. Empty for none.</summary>
    [StringLength(500)]
    public string Greeting { get; set; } = "Hi! I'm your career coach. Ask me about career levels, skill gaps, your resume, interviews or pay.";

    /// <summary>
    /// The role answered for while a person has not named theirs (a role name, id or alias); null or empty to ask a
    /// one-line question instead.
    /// </summary>
    [StringLength(80)]
    public string? DefaultRole { get; set; }
}
