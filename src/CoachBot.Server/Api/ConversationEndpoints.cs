using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api;

/// <summary>The signed-in user's earlier conversations: a list to pick from, and the messages of one.</summary>
internal static class ConversationEndpoints
{
    /// <summary>How much of a conversation's first question titles it in the list.</summary>
    private const int TitleLength = 80;

    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/conversations")
            .RequireAuthorization(IdentityRegistration.EndUserPolicy)
            .WithTags("Me")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("", ListAsync).WithName("ListConversations")
            .WithSummary("The user's conversations, newest first (limit 1–100, default 20): when each started and last changed, its first question, its number of messages, and which one is current.");
        me.MapGet("/{conversationId}/messages", GetMessagesAsync).WithName("GetConversationMessages")
            .WithSummary("Messages of one of the user's conversations, oldest first (limit 1–50, default 50; before: a turn id for the page before it).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<ConversationList>> ListAsync(
        ClaimsPrincipal principal, ITranscriptStore transcripts, IGrainFactory grains, int? limit, CancellationToken cancellationToken)
    {
        var count = limit ?? 20;
        if (count is < 1 or > 100)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "limit must be between 1 and 100.");
        }

        var user = principal.RequireUserKey();
        var current = (await grains.GetUserGrain(user).GetHistoryAsync(1, null)).ConversationId;
        var messages = await transcripts.ListAllAsync(user, cancellationToken);
        var conversations = messages
            .GroupBy(m => m.ConversationId)
            .Select(g => new ConversationSummary(
                g.Key.ToString(),
                g.Min(m => m.CreatedAt),
                g.Max(m => m.CompletedAt ?? m.CreatedAt),
                Title(g.FirstOrDefault(m => m.Role == MessageRole.User)?.Text ?? ""),
                g.Count(),
                g.Key == current))
            .OrderByDescending(c => c.LastMessageAt)
            .Take(count)
            .ToList();
        return TypedResults.Ok(new ConversationList(conversations));
    }

    private static async Task<Ok<ConversationHistory>> GetMessagesAsync(
        string conversationId, ClaimsPrincipal principal, ITranscriptStore transcripts, int? limit, string? before, CancellationToken cancellationToken)
    {
        var id = ConversationId.TryParse(conversationId, out var parsed)
            ? parsed
            : throw new CoachBotException(ErrorCodes.InvalidArgument, "conversationId must be a conversation id.");
        TurnId? beforeTurn = null;
        if (before is not null)
        {
            beforeTurn = TurnId.TryParse(before, out var turn) ? turn : throw new CoachBotException(ErrorCodes.InvalidArgument, "before must be a turn id.");
        }

        var count = limit ?? 50;
        if (count is < 1 or > 50)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "limit must be between 1 and 50.");
        }

        // Scoped by the signed-in user's tenant and id: another user's conversation is as absent as one that never was.
        var history = await transcripts.ListAsync(principal.RequireUserKey(), id, count, beforeTurn, cancellationToken);
        return history.Messages.IsEmpty && beforeTurn is null
            ? throw new CoachBotException(ErrorCodes.NotFound, "There is no such conversation.")
            : TypedResults.Ok(history);
    }

    private static string Title(string question)
    {
        var line = question.Trim().ReplaceLineEndings(" ");
        return line.Length <= TitleLength ? line : line[..(TitleLength - 1)].TrimEnd() + "…";
    }
}

/// <summary>The user's conversations, newest first.</summary>
/// <param name="Conversations">One entry per conversation.</param>
public sealed record ConversationList(IReadOnlyList<ConversationSummary> Conversations);

/// <summary>One of the user's conversations.</summary>
/// <param name="ConversationId">Its id, for <c>GET /api/me/conversations/{conversationId}/messages</c>.</param>
/// <param name="StartedAt">When its first message was stored.</param>
/// <param name="LastMessageAt">When its latest message was stored or finished.</param>
/// <param name="Title">Its first question, cut at 80 characters.</param>
/// <param name="MessageCount">How many messages it holds (questions and replies).</param>
/// <param name="Current">True for the conversation new messages go to.</param>
public sealed record ConversationSummary(string ConversationId, DateTimeOffset StartedAt, DateTimeOffset LastMessageAt, string Title, int MessageCount, bool Current);
