using System.Globalization;
using System.Security.Claims;
using CoachBot.Coaching.Approved;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Review;
using CoachBot.Server.Identity;
using CoachBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api.CoachConsole;

/// <summary>
/// The coach console: search, read, review, flag, tag, annotate and count conversations. The tenant is always the coach
/// token's, and a conversation is reachable only while its user consents to coaching review; everything else is the
/// same 404 as an unknown id.
/// </summary>
internal static class CoachConsoleEndpoints
{
    private const int MaxAuditPage = 200;
    private const int MaxAnalyticsDays = 366;

    /// <summary>The console's routes: a coach token, the console's tag in the OpenAPI document and its common refusals.</summary>
    public static RouteGroupBuilder MapCoachConsoleGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/coach")
            .RequireAuthorization(ApiKeyRegistration.CoachPolicy)
            .WithTags("Coach console")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    public static IEndpointRouteBuilder MapCoachConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var coach = app.MapCoachConsoleGroup();
        coach.MapGet("/conversations", SearchAsync).WithName("SearchCoachConversations")
            .WithSummary("Conversations of consenting users matching the filters (q: full-text), most recently active first.");
        coach.MapGet("/conversations/{userId}/{conversationId}", GetConversationAsync).WithName("GetCoachConversation")
            .WithSummary("A conversation with each turn's metadata, citations with their passages, reviews, tags, flags and private notes.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapPut("/conversations/{userId}/{conversationId}/turns/{turnId}/review", ReviewAsync).WithName("ReviewCoachTurn")
            .WithSummary("Grades a reply; a correction with a rubric other than accurate becomes an approved answer for the tenant.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapGet("/approved-answers", ListApprovedAnswersAsync).WithName("ListApprovedAnswers")
            .WithSummary("The tenant's approved answers, newest first.");
        coach.MapDelete("/approved-answers/{answerId}", DeleteApprovedAnswerAsync).WithName("DeleteApprovedAnswer")
            .WithSummary("Removes an approved answer; replies stop using it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapPost("/conversations/{userId}/{conversationId}/flags", AddFlagAsync).WithName("FlagCoachConversation")
            .WithSummary("Flags a conversation, or one of its turns, for follow-up.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapPatch("/flags/{flagId}", UpdateFlagAsync).WithName("UpdateCoachFlag")
            .WithSummary("Moves a flag to open, following-up or resolved, optionally with a note.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapPut("/conversations/{userId}/{conversationId}/tags", SetTagsAsync).WithName("SetCoachConversationTags")
            .WithSummary("Replaces the conversation's tags.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapPost("/conversations/{userId}/{conversationId}/notes", AddNoteAsync).WithName("AddCoachNote")
            .WithSummary("Adds a private note, visible to the tenant's staff and never to the user.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        coach.MapGet("/audit", GetAuditAsync).WithName("GetCoachAudit")
            .WithSummary("What the tenant's coaches changed, newest first.");
        coach.MapGet("/analytics", GetAnalyticsAsync).WithName("GetCoachAnalytics")
            .WithSummary("Conversations, turns, failures, flagged share, average rating and intents per day or week.");
        return app;
    }

    private static async Task<Ok<ConversationListResponse>> SearchAsync(
        [AsParameters] ConversationQuery query, ClaimsPrincipal principal, ICoachReviewStore store, CancellationToken cancellationToken)
    {
        var page = await SearchPageAsync(store, principal.RequireTenant(), ConsoleInput.Filter(query), cancellationToken);
        return TypedResults.Ok(new ConversationListResponse(
            [.. page.Items.Select(c => new ConversationSummaryResponse(
                c.UserId.Value, c.ConversationId.ToString(), c.Channel, c.StartedAt, c.LastMessageAt, c.MessageCount, c.Intents,
                c.Rating is { } rating ? RatingText(rating) : null, c.Flags > 0, c.OpenFlags, c.FailedTurns, c.CancelledTurns, c.Tags, c.Snippet))],
            page.NextBefore?.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<Ok<ConversationTranscriptResponse>> GetConversationAsync(
        string userId, string conversationId, ClaimsPrincipal principal, ICoachReviewStore store, ITranscriptStore transcripts, RoleContentLibrary library,
        CancellationToken cancellationToken)
    {
        var key = await ReachAsync(userId, conversationId, principal, store, cancellationToken);
        var history = await transcripts.ListAsync(key.User, key.Conversation, ConsoleTranscript.MaxMessages, cancellationToken: cancellationToken);
        var annotations = await store.GetAnnotationsAsync(key, cancellationToken);
        return TypedResults.Ok(ConsoleTranscript.From(key, history.Messages, annotations, library));
    }

    private static async Task<Ok<ReviewResponse>> ReviewAsync(
        string userId, string conversationId, string turnId, ReviewRequest? body, ClaimsPrincipal principal, ICoachReviewStore store,
        ITranscriptStore transcripts, ApprovedAnswerMatcher approvedAnswers, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await ReachAsync(userId, conversationId, principal, store, cancellationToken);
        var turn = await FindTurnAsync(key, turnId, transcripts, cancellationToken);
        var reply = turn.FirstOrDefault(m => m.Role == MessageRole.Assistant && m.Status != TurnStatus.Streaming)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "The turn has no ended reply to review.");
        if (body is null || !ReviewRubrics.IsKnown(body.Rubric))
        {
            throw ConsoleInput.Invalid("rubric", "accurate, outdated, off-level, harmful or ungrounded");
        }

        var correction = ConsoleInput.OptionalText(body.Correction, "correction", ConsoleInput.MaxCorrectionLength);
        var question = ConsoleInput.OptionalText(body.Question, "question", ConsoleInput.MaxQuestionLength)
            ?? turn.FirstOrDefault(m => m.Role == MessageRole.User)?.Text;
        // Without a scope the correction applies where the reply was grounded: the turn's role and region.
        var roleId = ConsoleInput.ContentId(body.RoleId, "roleId") ?? reply.Metadata?.Topic?.RoleId;
        var region = ConsoleInput.ContentId(body.Region, "region") ?? (body.RoleId is null ? reply.Metadata?.Topic?.RegionId : null);
        var now = time.GetUtcNow();
        var coach = principal.ToAuditActor();
        ApprovedAnswer? answer = correction is not null && body.Rubric != ReviewRubrics.Accurate && question is not null
            ? new ApprovedAnswer(Guid.CreateVersion7().ToString("N"), key.User.Tenant, roleId, region, question, correction, coach.Id, now)
            : null;
        var review = new TurnReview(reply.TurnId, body.Rubric!, correction, question, roleId, region, answer?.Id, coach.Id, now);
        await store.SaveReviewAsync(key, review, answer, coach, cancellationToken);
        // The next turn on this host uses the new answer; other hosts read it within their refresh interval.
        approvedAnswers.Invalidate(key.User.Tenant);
        return TypedResults.Ok(ConsoleTranscript.ToResponse(review));
    }

    private static async Task<Ok<ApprovedAnswerResponse[]>> ListApprovedAnswersAsync(ClaimsPrincipal principal, IApprovedAnswerStore answers, CancellationToken cancellationToken) =>
        TypedResults.Ok((await answers.ListApprovedAnswersAsync(principal.RequireTenant(), cancellationToken))
            .Select(a => new ApprovedAnswerResponse(a.Id, a.Question, a.Answer, a.RoleId, a.RegionId, a.CreatedBy, a.CreatedAt))
            .ToArray());

    private static async Task<NoContent> DeleteApprovedAnswerAsync(
        string answerId, ClaimsPrincipal principal, ICoachReviewStore store, ApprovedAnswerMatcher approvedAnswers, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = principal.RequireTenant();
        if (!await store.DeleteApprovedAnswerAsync(tenant, answerId, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken))
        {
            throw new CoachBotException(ErrorCodes.NotFound, "No such approved answer.");
        }

        approvedAnswers.Invalidate(tenant);
        return TypedResults.NoContent();
    }

    private static async Task<Created<FlagResponse>> AddFlagAsync(
        string userId, string conversationId, FlagRequest? body, ClaimsPrincipal principal, ICoachReviewStore store, ITranscriptStore transcripts,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await ReachAsync(userId, conversationId, principal, store, cancellationToken);
        var reason = ConsoleInput.Text(body?.Reason, "reason", ConsoleInput.MaxReasonLength);
        TurnId? turnId = body?.TurnId is { } turn ? (await FindTurnAsync(key, turn, transcripts, cancellationToken))[0].TurnId : null;
        var now = time.GetUtcNow();
        var actor = principal.ToAuditActor();
        var flag = new ConversationFlag(Guid.CreateVersion7().ToString("N"), key.User.User, key.Conversation, turnId, reason, FlagStates.Open, null, actor.Id, now, now);
        await store.AddFlagAsync(key, flag, actor, cancellationToken);
        return TypedResults.Created($"/api/coach/flags/{flag.Id}", ConsoleTranscript.ToResponse(flag));
    }

    private static async Task<Ok<FlagResponse>> UpdateFlagAsync(
        string flagId, FlagUpdateRequest? body, ClaimsPrincipal principal, ICoachReviewStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body is null || !FlagStates.IsKnown(body.State))
        {
            throw ConsoleInput.Invalid("state", "open, following-up or resolved");
        }

        var note = ConsoleInput.OptionalText(body.Note, "note", ConsoleInput.MaxReasonLength);
        var flag = await store.UpdateFlagAsync(principal.RequireTenant(), flagId, body.State!, note, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "No such flag.");
        return TypedResults.Ok(ConsoleTranscript.ToResponse(flag));
    }

    private static async Task<Ok<IReadOnlyList<string>>> SetTagsAsync(
        string userId, string conversationId, string?[]? body, ClaimsPrincipal principal, ICoachReviewStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await ReachAsync(userId, conversationId, principal, store, cancellationToken);
        var tags = ConsoleInput.Tags(body);
        await store.SetTagsAsync(key, tags, time.GetUtcNow(), principal.ToAuditActor(), cancellationToken);
        return TypedResults.Ok(tags);
    }

    private static async Task<Created<NoteResponse>> AddNoteAsync(
        string userId, string conversationId, NoteRequest? body, ClaimsPrincipal principal, ICoachReviewStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await ReachAsync(userId, conversationId, principal, store, cancellationToken);
        var text = ConsoleInput.Text(body?.Text, "text", ConsoleInput.MaxNoteLength);
        var actor = principal.ToAuditActor();
        var note = new CoachNote(Guid.CreateVersion7().ToString("N"), text, actor.Id, time.GetUtcNow());
        await store.AddNoteAsync(key, note, actor, cancellationToken);
        return TypedResults.Created($"/api/coach/conversations/{key.User.User.Value}/{key.Conversation}", new NoteResponse(note.Id, note.Text, note.CreatedBy, note.CreatedAt));
    }

    private static async Task<Ok<AuditEntryResponse[]>> GetAuditAsync(string? limit, ClaimsPrincipal principal, ICoachReviewStore store, CancellationToken cancellationToken)
    {
        var count = 50;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxAuditPage))
        {
            throw ConsoleInput.Invalid("limit", $"1 to {MaxAuditPage}");
        }

        return TypedResults.Ok((await store.ListAuditAsync(principal.RequireTenant(), count, cancellationToken)).Select(AuditEntryResponse.From).ToArray());
    }

    private static async Task<Ok<AnalyticsResponse>> GetAnalyticsAsync(
        string? from, string? to, string? bucket, ClaimsPrincipal principal, ICoachReviewStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var end = ConsoleInput.Time(to, "to") ?? time.GetUtcNow();
        var start = ConsoleInput.Time(from, "from") ?? end.AddDays(-30);
        if (start >= end || end - start > TimeSpan.FromDays(MaxAnalyticsDays))
        {
            throw ConsoleInput.Invalid("from", $"before to, at most {MaxAnalyticsDays} days earlier");
        }

        var days = bucket switch
        {
            null or "day" => 1,
            "week" => 7,
            _ => throw ConsoleInput.Invalid("bucket", "day or week"),
        };
        var buckets = await store.GetActivityAsync(principal.RequireTenant(), start, end, days, cancellationToken);
        return TypedResults.Ok(new AnalyticsResponse([.. buckets.Select(b => new AnalyticsBucketResponse(
            b.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            b.Conversations,
            b.Turns,
            b.Failed,
            b.Conversations == 0 ? 0 : (double)b.FlaggedConversations / b.Conversations,
            b.RatedUp + b.RatedDown == 0 ? null : (double)b.RatedUp / (b.RatedUp + b.RatedDown),
            b.Intents))]));
    }

    /// <summary>One page of the search; search text the full-text index cannot use (only operators, no word) is 400 on <c>q</c>.</summary>
    public static async Task<ConversationPage> SearchPageAsync(ICoachReviewStore store, TenantId tenant, ConversationFilter filter, CancellationToken cancellationToken)
    {
        try
        {
            return await store.SearchAsync(tenant, filter, cancellationToken);
        }
        catch (ArgumentException)
        {
            throw ConsoleInput.Invalid("q", "text with at least one word");
        }
    }

    /// <summary>The conversation of a consenting user of the coach's tenant; unknown, foreign and non-consenting are all 404.</summary>
    public static async Task<ConversationKey> ReachAsync(string userId, string conversationId, ClaimsPrincipal principal, ICoachReviewStore store, CancellationToken cancellationToken)
    {
        if (UserId.TryParse(userId, out var user) && ConversationId.TryParse(conversationId, out var conversation))
        {
            var key = new ConversationKey(new UserKey(principal.RequireTenant(), user), conversation);
            if (await store.IsReviewableAsync(key, cancellationToken))
            {
                return key;
            }
        }

        throw new CoachBotException(ErrorCodes.NotFound, "No such conversation, or its user has not consented to coaching review.");
    }

    private static async Task<IReadOnlyList<TranscriptMessage>> FindTurnAsync(ConversationKey key, string turnId, ITranscriptStore transcripts, CancellationToken cancellationToken)
    {
        var messages = TurnId.TryParse(turnId, out var id) ? await transcripts.GetTurnAsync(key.User, id, cancellationToken) : [];
        return messages.Length > 0 && messages.All(m => m.ConversationId == key.Conversation)
            ? messages
            : throw new CoachBotException(ErrorCodes.NotFound, "The conversation has no such turn.");
    }

    public static string RatingText(FeedbackRating rating) => rating == FeedbackRating.Down ? "down" : "up";
}
