using System.Collections.Immutable;
using CoachBot.Ids;

namespace CoachBot.Profiles;

/// <summary>
/// What CoachBot knows about a person's career. Every member has an explicit serializer id and a default,
/// so stored profiles stay readable when members are added.
/// </summary>
[GenerateSerializer, Immutable, Alias("coachbot.CareerProfile")]
public sealed record CareerProfile
{
    /// <summary>The role the person is aiming for, e.g. "Backend Developer".</summary>
    [Id(0)] public string? TargetRole { get; init; }

    /// <summary>Where the person works or wants to work, e.g. "USA" or "Germany".</summary>
    [Id(1)] public string? Region { get; init; }

    /// <summary>The person's current job title.</summary>
    [Id(2)] public string? CurrentTitle { get; init; }

    /// <summary>The career level, e.g. "Junior" or "Senior".</summary>
    [Id(3)] public string? Level { get; init; }

    /// <summary>Years of professional experience.</summary>
    [Id(4)] public decimal? YearsOfExperience { get; init; }

    /// <summary>Skills with a self-rated or inferred proficiency and their evidence.</summary>
    [Id(5)] public ImmutableArray<SkillEntry> Skills { get; init; } = [];

    /// <summary>Goals in the person's own words.</summary>
    [Id(6)] public ImmutableArray<string> Goals { get; init; } = [];

    /// <summary>Certifications held.</summary>
    [Id(7)] public ImmutableArray<string> Certifications { get; init; } = [];

    /// <summary>Where each field's current value came from.</summary>
    [Id(8)] public ImmutableArray<ProfileEvidence> Evidence { get; init; } = [];

    /// <summary>When the profile last changed.</summary>
    [Id(9)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>An empty profile.</summary>
    public static CareerProfile Empty { get; } = new();
}

/// <summary>A skill and how well the person has it.</summary>
/// <param name="Name">The skill, e.g. "APIs".</param>
/// <param name="Proficiency">1 (aware) to 5 (expert); null when unknown.</param>
/// <param name="Evidence">The turns or sources that support it.</param>
[GenerateSerializer, Immutable, Alias("coachbot.SkillEntry")]
public sealed record SkillEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] int? Proficiency,
    [property: Id(2)] ImmutableArray<ProfileEvidence> Evidence);

/// <summary>Where a profile value came from: the user's own edit, or a statement in a turn.</summary>
/// <param name="Field">The profile field, e.g. "yearsOfExperience" or "skills".</param>
/// <param name="Value">The value as stated.</param>
/// <param name="Source">"user-edit" or "conversation".</param>
/// <param name="TurnId">The turn the value was learned from, when it came from conversation.</param>
/// <param name="At">When it was recorded.</param>
[GenerateSerializer, Immutable, Alias("coachbot.ProfileEvidence")]
public sealed record ProfileEvidence(
    [property: Id(0)] string Field,
    [property: Id(1)] string Value,
    [property: Id(2)] string Source,
    [property: Id(3)] TurnId? TurnId,
    [property: Id(4)] DateTimeOffset At);
