using System.Collections.Immutable;
using System.Text.Json.Serialization;
using CoachBot.Profiles;

namespace CoachBot.Tools.Evaluation;

/// <summary>
/// One coaching scenario: a person, what they write, and what good replies must and must not contain. A single-turn
/// scenario has a <see cref="Question"/> and <see cref="Expect"/>; a conversation has <see cref="Turns"/>, each message sent
/// through the real loop in order, with its own expectations and/or <see cref="Expect"/> for the last turn.
/// </summary>
public sealed record EvaluationScenario
{
    /// <summary>A short unique name.</summary>
    public required string Id { get; init; }

    /// <summary>The person's profile when the conversation starts.</summary>
    public CareerProfile Profile { get; init; } = CareerProfile.Empty;

    /// <summary>Canned earlier exchanges, oldest first, before the first message.</summary>
    public ImmutableArray<EvaluationExchange> History { get; init; } = [];

    /// <summary>The message of a single-turn scenario.</summary>
    public string? Question { get; init; }

    /// <summary>The messages of a conversation, in order.</summary>
    public ImmutableArray<EvaluationTurn> Turns { get; init; } = [];

    /// <summary>What the reply to the single (or last) message must show.</summary>
    public EvaluationExpectations? Expect { get; init; }

    /// <summary>True when the scenario is a conversation of more than one message.</summary>
    [JsonIgnore]
    public bool IsMultiTurn => Steps.Length > 1;

    /// <summary>The messages to send, in order, each with the checks on its reply (null: not checked).</summary>
    [JsonIgnore]
    public ImmutableArray<EvaluationTurn> Steps
    {
        get
        {
            if (Turns.IsDefaultOrEmpty)
            {
                return Question is null ? [] : [new EvaluationTurn { Message = Question, Expect = Expect }];
            }

            if (Expect is null)
            {
                return Turns;
            }

            var last = Turns[^1];
            return Turns.SetItem(Turns.Length - 1, last with { Expect = last.Expect is null ? Expect : last.Expect.And(Expect) });
        }
    }

    /// <summary>The intent the scenario is filed under in reports: the last checked turn's expected intent (its first alternative).</summary>
    [JsonIgnore]
    public string Category => Steps.Reverse().Select(s => s.Expect?.Intent).FirstOrDefault(i => i is not null)?.Split("||")[0].Trim() ?? "unspecified";
}

/// <summary>One message of a conversation and, optionally, what its reply must show.</summary>
public sealed record EvaluationTurn
{
    /// <summary>What the person writes.</summary>
    public required string Message { get; init; }

    /// <summary>The checks on the reply to this message, or null to only carry the conversation forward.</summary>
    public EvaluationExpectations? Expect { get; init; }
}

/// <summary>An earlier question and reply.</summary>
public sealed record EvaluationExchange(string Question, string Reply);

/// <summary>The checks on a reply. Text checks ignore case; an entry "a || b" passes when either appears.</summary>
public sealed record EvaluationExpectations
{
    /// <summary>The intent the turn must be recognised as (kebab-case; "a || b" accepts either), or null to skip.</summary>
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

    /// <summary>Both sets of checks; <paramref name="other"/>'s intent wins when both name one.</summary>
    public EvaluationExpectations And(EvaluationExpectations other) => new()
    {
        Intent = other.Intent ?? Intent,
        MustContain = [.. MustContain, .. other.MustContain],
        MustNotContain = [.. MustNotContain, .. other.MustNotContain],
        Cites = [.. Cites, .. other.Cites],
        MustNotCite = [.. MustNotCite, .. other.MustNotCite],
        NoCitations = NoCitations || other.NoCitations,
    };
}
