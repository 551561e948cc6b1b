using System.Collections.Immutable;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Engine;

/// <summary>Everything the engine needs to answer one turn.</summary>
/// <param name="User">Whose turn it is.</param>
/// <param name="TurnId">The turn being answered.</param>
/// <param name="Profile">The user's career profile as it stands.</param>
/// <param name="RecentTurns">Earlier turns of the conversation, oldest first.</param>
/// <param name="Question">The user's message.</param>
/// <param name="Earlier">
/// The running summary of the conversation before <paramref name="RecentTurns"/>: one short line per older turn, oldest
/// first. The transcript store keeps those turns whole; the prompt only needs what they were about.
/// </param>
/// <param name="CoachNotes">What a human coach wrote in the conversation, placed among <paramref name="RecentTurns"/>.</param>
public sealed record CoachingRequest(
    UserKey User,
    TurnId TurnId,
    CareerProfile Profile,
    ImmutableArray<PriorTurn> RecentTurns,
    string Question,
    ImmutableArray<EarlierTurn> Earlier = default,
    ImmutableArray<CoachNote> CoachNotes = default);

/// <summary>What an older turn of the conversation was about, as the running summary keeps it.</summary>
/// <param name="Question">The opening of what the person asked.</param>
/// <param name="Intent">The intent it was answered as, when known.</param>
/// <param name="RoleId">The role page the answer was grounded in, when there was one.</param>
/// <param name="RegionId">That page's region.</param>
/// <param name="Sections">The role-content sections the answer cited.</param>
/// <param name="Status">How the turn ended.</param>
public sealed record EarlierTurn(string Question, string? Intent, string? RoleId, string? RegionId, ImmutableArray<string> Sections, TurnStatus Status);

/// <summary>An earlier exchange, as context.</summary>
/// <param name="Question">What the person wrote.</param>
/// <param name="Reply">The reply as stored (after post-processing).</param>
/// <param name="Status">How the turn ended.</param>
/// <param name="Metadata">What the engine worked out for that turn (intent, role, assessment), when it got that far.</param>
/// <param name="Citations">The sections the reply cited.</param>
public sealed record PriorTurn(string Question, string Reply, TurnStatus Status, ReplyMetadata? Metadata = null, ImmutableArray<Citation> Citations = default);

/// <summary>A human coach's message in the conversation: the person's coach speaking, never CoachBot.</summary>
/// <param name="CoachName">The coach's name.</param>
/// <param name="Text">What the coach wrote.</param>
/// <param name="AfterTurns">How many of the request's <see cref="CoachingRequest.RecentTurns"/> came before it.</param>
public sealed record CoachNote(string CoachName, string Text, int AfterTurns);

/// <summary>
/// One step of a streamed reply: a text delta, and with the last step the citations, the model that wrote it and what
/// the engine worked out (intent, career assessment, grounding flags, usage).
/// </summary>
public sealed record CoachingUpdate(string Delta, ImmutableArray<Citation> Citations, string? Model, ReplyMetadata? Metadata = null)
{
    public static CoachingUpdate Text(string delta) => new(delta, [], null);
}
