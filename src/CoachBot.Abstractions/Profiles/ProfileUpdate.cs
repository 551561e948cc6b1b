using System.Collections.Immutable;

namespace CoachBot.Profiles;

/// <summary>
/// A user's correction of their profile. A null member leaves that field unchanged;
/// an empty string clears a text field; a list replaces the stored list.
/// </summary>
[GenerateSerializer, Immutable, Alias("coachbot.ProfileUpdate")]
public sealed record ProfileUpdate
{
    [Id(0)] public string? TargetRole { get; init; }
    [Id(1)] public string? Region { get; init; }
    [Id(2)] public string? CurrentTitle { get; init; }
    [Id(3)] public string? Level { get; init; }

    /// <summary>Years of experience; a negative value clears it.</summary>
    [Id(4)] public decimal? YearsOfExperience { get; init; }
    [Id(5)] public ImmutableArray<SkillInput>? Skills { get; init; }
    [Id(6)] public ImmutableArray<string>? Goals { get; init; }
    [Id(7)] public ImmutableArray<string>? Certifications { get; init; }
}

/// <summary>A skill as a user enters it.</summary>
/// <param name="Name">The skill.</param>
/// <param name="Proficiency">1 (aware) to 5 (expert), or null.</param>
[GenerateSerializer, Immutable, Alias("coachbot.SkillInput")]
public sealed record SkillInput(
    [property: Id(0)] string Name,
    [property: Id(1)] int? Proficiency);
