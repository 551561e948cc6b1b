using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// The facts a user stated about themselves in one message, each with the exact text it came from.
/// Null members and empty lists mean the message said nothing about that field.
/// </summary>
public sealed record ProfileFacts
{
    /// <summary>Years of professional experience, e.g. 2.5.</summary>
    public ProfileFact<decimal>? YearsOfExperience { get; init; }

    /// <summary>The job title the user holds now, e.g. "Backend Engineer".</summary>
    public ProfileFact<string>? CurrentTitle { get; init; }

    /// <summary>The role the user is aiming for, e.g. "DevOps Engineer".</summary>
    public ProfileFact<string>? TargetRole { get; init; }

    /// <summary>The country the user works in or wants to work in, e.g. "Germany".</summary>
    public ProfileFact<string>? Region { get; init; }

    /// <summary>The career level, e.g. "Mid-level" or "Senior".</summary>
    public ProfileFact<string>? Level { get; init; }

    /// <summary>Skills to add or re-rate.</summary>
    public ImmutableArray<SkillFact> Skills { get; init; } = [];

    /// <summary>Goals to add, in the user's own words.</summary>
    public ImmutableArray<ProfileFact<string>> Goals { get; init; } = [];

    /// <summary>Certifications to add, by their canonical name.</summary>
    public ImmutableArray<ProfileFact<string>> Certifications { get; init; } = [];

    /// <summary>No facts at all.</summary>
    public static ProfileFacts None { get; } = new();

    /// <summary>True when the message stated nothing for the profile.</summary>
    [JsonIgnore]
    public bool IsEmpty =>
        YearsOfExperience is null && CurrentTitle is null && TargetRole is null && Region is null && Level is null
        && Skills.IsDefaultOrEmpty && Goals.IsDefaultOrEmpty && Certifications.IsDefaultOrEmpty;
}

/// <summary>One stated value and the text it came from.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The normalized value, e.g. 3 or "Germany".</param>
/// <param name="Span">The exact text of the user's message the value came from.</param>
/// <param name="Inferred">
/// True when the value was derived rather than said outright (a country from a city name). An inferred value never
/// replaces a value the user entered themselves.
/// </param>
public sealed record ProfileFact<T>(T Value, string Span, bool Inferred = false);

/// <summary>A skill the user says they have.</summary>
/// <param name="Name">The canonical skill name, e.g. "Kubernetes" for "k8s".</param>
/// <param name="Proficiency">1 (aware) to 5 (expert) when the user rated it ("good at" is 4, "weak at" is 2); otherwise null.</param>
/// <param name="Span">The exact text of the user's message the skill came from.</param>
public sealed record SkillFact(string Name, int? Proficiency, string Span);
