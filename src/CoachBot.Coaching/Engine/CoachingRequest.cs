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
public sealed record CoachingRequest(
    UserKey User,
    TurnId TurnId,
    CareerProfile Profile,
    ImmutableArray<PriorTurn> RecentTurns,
    string Question);

/// <summary>An earlier exchange, as context.</summary>
public sealed record PriorTurn(string Question, string Reply, TurnStatus Status);

/// <summary>
/// One step of a streamed reply: a text delta, and with the last step the citations, the model that wrote it and, when the model
/// reported it, the tokens the turn used.
/// </summary>
public sealed record CoachingUpdate(string Delta, ImmutableArray<Citation> Citations, string? Model, TokenUsage? Usage = null)
{
    public static CoachingUpdate Text(string delta) => new(delta, [], null);
}

/// <summary>Tokens one reply used, as the model reported them; either count may be unknown.</summary>
/// <param name="InputTokens">Prompt tokens (system, context and question).</param>
/// <param name="OutputTokens">Tokens of the reply.</param>
public sealed record TokenUsage(int? InputTokens, int? OutputTokens);
