using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Review;
using CoachBot.Server.Identity;
using CoachBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// Coach console exports: the conversations a search finds, or one conversation, as JSON, CSV or Markdown, with personal
/// details redacted unless the coach turns redaction off. The same rules as the rest of <c>/api/coach</c>: the token's
/// tenant, consenting users only, and the same 404 for anything else. Every export is written to the audit log before
/// the file is sent.
/// </summary>
internal static partial class CoachExportEndpoints
{
    /// <summary>The most conversations one export holds; a search that finds more is refused, not cut.</summary>
    public const int MaxConversations = 500;

    public static IEndpointRouteBuilder MapCoachExportEndpoints(this IEndpointRouteBuilder app)
    {
        var coach = app.MapCoachConsoleGroup();
        coach.MapGet("/export", ExportSearchAsync).WithName("ExportCoachConversations")
            .WithSummary($"The conversations the search filters find (at most {MaxConversations}, else 400 export_too_large) as format=json|csv|md, personal details redacted unless redact=false.")
            .Produces<ConversationExportDocument>(StatusCodes.Status200OK, ExportFormat.MediaTypes[0], ExportFormat.MediaTypes[1..]);
        coach.MapGet("/conversations/{userId}/{conversationId}/export", ExportConversationAsync).WithName("ExportCoachConversation")
            .WithSummary("One conversation as format=json|csv|md, personal details redacted unless redact=false.")
            .Produces<ConversationExportDocument>(StatusCodes.Status200OK, ExportFormat.MediaTypes[0], ExportFormat.MediaTypes[1..])
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<PushStreamHttpResult> ExportSearchAsync(
        [AsParameters] ConversationQuery query, string? format, string? redact, HttpContext context, ClaimsPrincipal principal, ICoachReviewStore store,
        ITranscriptStore transcripts, RoleContentLibrary library, TimeProvider time, CancellationToken cancellationToken)
    {
        var exportFormat = ExportFormat.Parse(format);
        var redacted = ExportFormat.ParseRedact(redact);
        var tenant = principal.RequireTenant();
        // The page size of the search does not bound an export: every match is taken, a page of the largest size at a time.
        var filter = ConsoleInput.Filter(query) with { Limit = ConsoleInput.MaxPage };
        var found = new List<Review.ConversationSummary>();
        while (true)
        {
            var page = await CoachConsoleEndpoints.SearchPageAsync(store, tenant, filter, cancellationToken);
            found.AddRange(page.Items);
            if (found.Count > MaxConversations)
            {
                throw new CoachBotException(
                    ErrorCodes.ExportTooLarge, $"More than {MaxConversations} conversations match; narrow the filters (for example from and to) and export in parts.");
            }

            if (page.NextBefore is null)
            {
                break;
            }

            filter = filter with { Before = page.NextBefore };
        }

        var now = time.GetUtcNow();
        await store.RecordExportAsync(tenant, AuditDetail(exportFormat, redacted, found.Count, "search", FilterSummary(filter)), now, principal.ToAuditActor(), cancellationToken);
        return Send(context, exportFormat, redacted, now, $"coachbot-conversations-{now:yyyyMMdd-HHmmss}", async (writer, token) =>
        {
            foreach (var summary in found)
            {
                var key = new ConversationKey(new UserKey(tenant, summary.UserId), summary.ConversationId);
                // Consent withdrawn since the search ends the export of that user's conversations at once.
                if (await store.IsReviewableAsync(key, token))
                {
                    var history = await transcripts.ListAsync(key.User, key.Conversation, ConsoleTranscript.MaxMessages, cancellationToken: token);
                    await writer.WriteAsync(ExportedConversations.From(key, history, summary.Tags, library, redacted), token);
                }
            }
        }, cancellationToken);
    }

    private static async Task<PushStreamHttpResult> ExportConversationAsync(
        string userId, string conversationId, string? format, string? redact, HttpContext context, ClaimsPrincipal principal, ICoachReviewStore store,
        ITranscriptStore transcripts, RoleContentLibrary library, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await CoachConsoleEndpoints.ReachAsync(userId, conversationId, principal, store, cancellationToken);
        var exportFormat = ExportFormat.Parse(format);
        var redacted = ExportFormat.ParseRedact(redact);
        var history = await transcripts.ListAsync(key.User, key.Conversation, ConsoleTranscript.MaxMessages, cancellationToken: cancellationToken);
        var annotations = await store.GetAnnotationsAsync(key, cancellationToken);
        var conversation = ExportedConversations.From(key, history, annotations.Tags, library, redacted);
        var now = time.GetUtcNow();
        var scope = new Dictionary<string, object?> { ["userId"] = key.User.User.Value, ["conversationId"] = key.Conversation.ToString() };
        await store.RecordExportAsync(key.User.Tenant, AuditDetail(exportFormat, redacted, 1, "conversation", scope), now, principal.ToAuditActor(), cancellationToken);
        return Send(
            context, exportFormat, redacted, now, $"coachbot-conversation-{SafeFileName(key.User.User.Value)}-{key.Conversation}", (writer, token) => writer.WriteAsync(conversation, token), cancellationToken);
    }

    /// <summary>The file as an attachment that no cache keeps, written by <paramref name="write"/> as the client reads it.</summary>
    private static PushStreamHttpResult Send(
        HttpContext context, ExportFormat format, bool redacted, DateTimeOffset now, string fileStem, Func<IExportWriter, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            async body =>
            {
                await using var writer = format.CreateWriter(body, now, redacted);
                await write(writer, cancellationToken);
                await writer.CompleteAsync(cancellationToken);
            },
            format.ContentType,
            $"{fileStem}.{format.Extension}");
    }

    /// <summary>
    /// What the audit log keeps of an export: format, redaction, how many conversations and which filters. Search text
    /// may itself be personal, so only whether there was one is kept; ids and the other filters are not personal details.
    /// </summary>
    private static string AuditDetail(ExportFormat format, bool redacted, int conversations, string scope, IReadOnlyDictionary<string, object?> filters) =>
        JsonSerializer.Serialize(new { format = format.Name, redacted, conversations, scope, filters }, JsonSerializerOptions.Web);

    private static Dictionary<string, object?> FilterSummary(ConversationFilter filter)
    {
        var summary = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                summary[name] = value;
            }
        }

        Add("text", filter.Text is null ? null : true);
        Add("userId", filter.User?.Value);
        Add("from", filter.From);
        Add("to", filter.To);
        Add("channel", filter.Channel);
        Add("intent", filter.Intent);
        Add("rating", filter.Rating is { } rating ? CoachConsoleEndpoints.RatingText(rating) : null);
        Add("flagged", filter.Flagged);
        Add("status", filter.Status?.ToString().ToLowerInvariant());
        return summary;
    }

    /// <summary>Letters, digits, '-' and '_' only (others become '_'), at most 64 characters: safe in any file system and header.</summary>
    private static string SafeFileName(string value)
    {
        var safe = UnsafeFileNameCharacters().Replace(value, "_");
        return safe.Length <= 64 ? safe : safe[..64];
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex UnsafeFileNameCharacters();
}
