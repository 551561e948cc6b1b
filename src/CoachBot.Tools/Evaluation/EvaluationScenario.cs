using System.Collections.Immutable;
using CoachBot.Profiles;

namespace CoachBot.Tools.Evaluation;

/// <summary>One coaching scenario: a person, what they ask, and what a good reply must and must not contain.</summary>
public sealed record EvaluationScenario
{
    /// <summary>A short unique name.</summary>
    public required string Id { get; init; }

    /// <summary>The person's profile when they ask.</summary>
    public CareerProfile Profile { get; init; } = CareerProfile.Empty;

    /// <summary>Earlier exchanges, oldest first.</summary>
    public ImmutableArray<EvaluationExchange> History { get; init; } = [];

    /// <summary>The message.</summary>
    public required string Question { get; init; }

    /// <summary>What the reply must show.</summary>
    public required EvaluationExpectations Expect { get; init; }
}

/// <summary>An earlier question and reply.</summary>
public sealed record EvaluationExchange(string Question, string Reply);

/// <summary>The checks on a reply. Text checks ignore case; an entry "a || b" passes when either appears.</summary>
public sealed record EvaluationExpectations
{
    /// <summary>The intent the turn must be recognised as (kebab-case), or null to skip.</summary>
    public string? Intent { get; init; }

    /// <summary>Facts that must appear.</summary>
    public ImmutableArray<string> MustContain { get; init; } = [];

    /// <summary>Facts that must not appear.</summary>
    public ImmutableArray<string> MustNotContain { get; init; } = [];

    /// <summary>Sections that must be cited, as "role/region/section".</summary>
    public ImmutableArray<string> Cites { get; init; } = [];

    /// <summary>Sections that must not be cited.</summary>
    public ImmutableArray<string> MustNotCite { get; init; } = [];

    /// <summary>When true, the reply may cite nothing (off-topic, no role known).</summary>
    public bool NoCitations { get; init; }
}
