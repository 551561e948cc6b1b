using CoachBot.Ids;

namespace CoachBot.Review;

/// <summary>The rubric a coach grades a reply with.</summary>
public static class ReviewRubrics
{
    public const string Accurate = "accurate";
    public const string Outdated = "outdated";
    public const string OffLevel = "off-level";
    public const string Harmful = "harmful";
    public const string Ungrounded = "ungrounded";

    public static bool IsKnown(string? rubric) => rubric is Accurate or Outdated or OffLevel or Harmful or Ungrounded;
}

/// <summary>The states of a flag.</summary>
public static class FlagStates
{
    public const string Open = "open";
    public const string FollowingUp = "following-up";
    public const string Resolved = "resolved";

    public static bool IsKnown(string? state) => state is Open or FollowingUp or Resolved;
}

/// <summary>A coach's review of one reply.</summary>
public sealed record TurnReview(
    TurnId TurnId,
    string Rubric,
    string? Correction,
    string? Question,
    string? RoleId,
    string? RegionId,
    string? ApprovedAnswerId,
    string ReviewedBy,
    DateTimeOffset ReviewedAt);

/// <summary>
/// A correction a coach approved as the answer to a question, for the tenant's users of a role and region (null: any).
/// The coaching engine prefers it for a matching question and cites it.
/// </summary>
public sealed record ApprovedAnswer(
    string Id,
    TenantId TenantId,
    string? RoleId,
    string? RegionId,
    string Question,
    string Answer,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>A flag a coach put on a conversation (or one of its turns) for follow-up.</summary>
public sealed record ConversationFlag(
    string Id,
    UserId UserId,
    ConversationId ConversationId,
    TurnId? TurnId,
    string Reason,
    string State,
    string? Note,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A private note on a conversation, for the tenant's staff only.</summary>
public sealed record CoachNote(string Id, string Text, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>What coaches added to one conversation.</summary>
public sealed record ConversationAnnotations(
    IReadOnlyList<TurnReview> Reviews,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ConversationFlag> Flags,
    IReadOnlyList<CoachNote> Notes);
