using System.Collections.Immutable;

namespace CoachBot.Conversations;

/// <summary>What CoachBot worked out while answering a turn: stored with the reply and sent with its end.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.ReplyMetadata")]
public sealed record ReplyMetadata
{
    /// <summary>The recognised intent, e.g. "salary" or "career-path".</summary>
    [Id(0)] public string? Intent { get; init; }

    /// <summary>The deterministic career assessment the reply was built on, when the target role is known.</summary>
    [Id(1)] public CareerAssessment? Assessment { get; init; }

    /// <summary>What post-processing took out of the model's text because the content could not back it; never in the stored text.</summary>
    [Id(2)] public ImmutableArray<GroundingFlag> Flags { get; init; } = [];

    /// <summary>Model tokens used, when the model reports them.</summary>
    [Id(3)] public TokenUsage? Usage { get; init; }

    /// <summary>Profile fields learned from this turn's message.</summary>
    [Id(4)] public ImmutableArray<string> ProfileChanges { get; init; } = [];

    /// <summary>What the conversation was about after this turn: the next turn resolves follow-ups against it.</summary>
    [Id(5)] public ConversationTopic? Topic { get; init; }
}

/// <summary>
/// The thread a coach keeps in mind between messages: what was asked about, for which role, region and level, and where
/// the role came from. A short follow-up ("and in Germany?", "what do I need to show?") is read against it.
/// </summary>
[GenerateSerializer, Immutable, Alias("coachbot.ConversationTopic")]
public sealed record ConversationTopic
{
    /// <summary>The intent the turn was answered as, e.g. "career-path".</summary>
    [Id(0)] public required string Intent { get; init; }

    /// <summary>The role page the answer was grounded in, when there was one.</summary>
    [Id(1)] public string? RoleId { get; init; }

    /// <summary>The region of that page.</summary>
    [Id(2)] public string? RegionId { get; init; }

    /// <summary>Where the role came from: "question", "profile", "conversation" or "tenant-default".</summary>
    [Id(3)] public string? RoleSource { get; init; }

    /// <summary>A career level the person asked about by name ("senior"), when the question named one.</summary>
    [Id(4)] public string? AskedLevel { get; init; }
}

/// <summary>Where the person stands on the target role's ladder, computed from the profile and the role's content.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.CareerAssessment")]
public sealed record CareerAssessment
{
    [Id(0)] public required string RoleId { get; init; }
    [Id(1)] public required string RegionId { get; init; }
    [Id(2)] public required string RoleName { get; init; }

    /// <summary>The current level's name, or null when years of experience are unknown.</summary>
    [Id(3)] public string? CurrentLevel { get; init; }

    /// <summary>Why, in words: "3 years of experience → the Backend Developer (2–5 years) stage".</summary>
    [Id(4)] public string? CurrentLevelReason { get; init; }

    [Id(5)] public string? NextLevel { get; init; }
    [Id(6)] public string? NextLevelExpectations { get; init; }
    [Id(7)] public ImmutableArray<SkillGap> SkillGaps { get; init; } = [];
    [Id(8)] public ImmutableArray<string> RecommendedCertifications { get; init; } = [];
}

/// <summary>A skill the role asks for that the profile lacks or rates low.</summary>
/// <param name="Skill">The skill as the role names it.</param>
/// <param name="Kind">"hard" or "soft".</param>
/// <param name="Reason">"missing" (skills are known and this one is not among them), "rated 2 of 5", or "unknown" (no skills are known yet).</param>
[GenerateSerializer, Immutable, Alias("coachbot.SkillGap")]
public sealed record SkillGap(
    [property: Id(0)] string Skill,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Reason);

/// <summary>A salary figure or certification the content does not contain, or a citation marker that points at nothing.</summary>
/// <param name="Kind">"salary", "certification" or "citation".</param>
/// <param name="Text">The text in question, as the model wrote it.</param>
/// <param name="Action">"replaced" (by a phrase saying CoachBot cannot vouch for it), "removed", or "flagged" (kept, marked).</param>
[GenerateSerializer, Immutable, Alias("coachbot.GroundingFlag")]
public sealed record GroundingFlag(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] string Action);

/// <summary>Model token usage.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.TokenUsage")]
public sealed record TokenUsage(
    [property: Id(0)] int? InputTokens,
    [property: Id(1)] int? OutputTokens);
