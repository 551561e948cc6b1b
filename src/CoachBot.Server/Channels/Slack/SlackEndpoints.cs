using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// What Slack sends CoachBot: Events API deliveries, the <c>/coach</c> slash command and button clicks. Each request is
/// verified, acknowledged at once (turns run in <see cref="SlackWorkQueue"/>) and, where Slack expects it, answered 200
/// even when there is nothing to do, so Slack does not retry.
/// </summary>
internal static partial class SlackEndpoints
{
    private const string HelpText = """
        *CoachBot* answers career questions: ask in a DM, mention me in a channel, or use `/coach` followed by your question.
        • `/coach link CODE`: use your CoachBot profile and history from the web here (get the code in the CoachBot widget)
        • `/coach unlink`: stop sharing them
        • `/coach new`: start a new conversation
        • `/coach help`: this help
        """;

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/api/slack").AllowAnonymous().WithTags("Slack")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        slack.MapPost("/events", EventsAsync).WithName("SlackEvents")
            .WithSummary("Slack Events API deliveries: the URL check, app mentions and direct messages.");
        slack.MapPost("/commands", CommandAsync).WithName("SlackCommand")
            .WithSummary("The /coach slash command: a question, or link CODE, unlink, new, help.");
        slack.MapPost("/interactivity", InteractivityAsync).WithName("SlackInteractivity")
            .WithSummary("Button clicks under replies: feedback and new conversation.");
        return app;
    }

    private static async Task<IResult> EventsAsync(
        HttpRequest request, SlackRequestVerifier verifier, SlackWorkQueue queue, string? tenant, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var root = ParseJson(body);
        var teamId = Text(root, "team_id") ?? (root?.TryGetProperty("authorizations", out var auths) == true && auths.ValueKind == JsonValueKind.Array && auths.GetArrayLength() > 0
            ? Text(auths[0], "team_id") : null);
        var verified = await verifier.VerifyAsync(request, body, teamId, Text(root, "enterprise_id"), tenant, cancellationToken);
        if (verified.Refusal is { } refusal)
        {
            return refusal;
        }

        if (root is not { } payload)
        {
            return BadRequest("The body is not a JSON event.");
        }

        switch (Text(payload, "type"))
        {
            case "url_verification" when Text(payload, "challenge") is { Length: <= 512 } challenge:
                return TypedResults.Text(challenge, "text/plain");
            case "event_callback":
                break;
            default:
                return TypedResults.Ok();
        }

        if (verified.Tenant is null || teamId is null)
        {
            // Signed by CoachBot's own app for a workspace no tenant has: nothing to do, and nothing to retry.
            request.HttpContext.Response.Headers["X-Slack-No-Retry"] = "1";
            return TypedResults.Ok();
        }

        if (!payload.TryGetProperty("event", out var message) || message.ValueKind != JsonValueKind.Object
            || Text(payload, "event_id") is not { Length: > 0 and <= 128 } eventId
            || !IsForTheCoach(message, BotUserIds(payload))
            || Text(message, "user") is not { } user || !SlackId().IsMatch(user)
            || Text(message, "channel") is not { } channel || !SlackId().IsMatch(channel)
            || Text(message, "ts") is not { } ts || !SlackTs().IsMatch(ts))
        {
            return TypedResults.Ok();
        }

        var threadTs = Text(message, "thread_ts") is { } parent && SlackTs().IsMatch(parent) ? parent : ts;
        var work = new SlackTurnWork(verified.Tenant.Id, teamId, channel, user, CleanText(Text(message, "text")), threadTs, eventId);
        return queue.TryEnqueue(work) ? TypedResults.Ok() : Busy(request);
    }

    private static async Task<IResult> CommandAsync(
        HttpRequest request, SlackRequestVerifier verifier, SlackWorkQueue queue, IChannelConversations conversations, IOptions<SlackOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var form = ParseForm(body);
        var teamId = Field(form, "team_id");
        var verified = await verifier.VerifyAsync(request, body, teamId, Field(form, "enterprise_id"), null, cancellationToken);
        if (verified.Refusal is { } refusal)
        {
            return refusal;
        }

        if (verified.Tenant is not { } tenant || teamId is null)
        {
            return Ephemeral("This Slack workspace is not connected to CoachBot yet. Ask your CoachBot administrator to install it.");
        }

        if (Field(form, "user_id") is not { } user || !SlackId().IsMatch(user) || Field(form, "channel_id") is not { } channel || !SlackId().IsMatch(channel))
        {
            return BadRequest("The command lacks user_id or channel_id.");
        }

        var text = (Field(form, "text") ?? "").Trim();
        var space = text.IndexOfAny([' ', '\t', '\n']);
        var verb = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : text[(space + 1)..].Trim();
        var account = new ChannelAccount(TurnChannels.Slack, teamId, user);
        try
        {
            switch (verb)
            {
                case "" or "help":
                    return Ephemeral(HelpText);
                case "link":
                    return Ephemeral(await LinkAsync(conversations, tenant.Id, account, rest, cancellationToken));
                case "unlink":
                    return Ephemeral(await conversations.UnlinkAsync(tenant.Id, account, cancellationToken)
                        ? "Unlinked. CoachBot in Slack no longer shares your profile and history from the web."
                        : "This Slack account is not linked to a CoachBot profile from the web.");
                case "new":
                    await conversations.StartNewConversationAsync(await conversations.ResolveUserAsync(tenant.Id, account, cancellationToken), cancellationToken);
                    return Ephemeral("Started a new conversation. Your next question begins fresh.");
                default:
                    var responseUrl = Uri.TryCreate(Field(form, "response_url"), UriKind.Absolute, out var url) && options.Value.IsResponseUrl(url) ? url : null;
                    return queue.TryEnqueue(new SlackTurnWork(tenant.Id, teamId, channel, user, text, null, null, responseUrl))
                        ? Ephemeral("On it: I'll answer in a thread here.")
                        : Ephemeral(":hourglass: CoachBot is very busy right now. Please ask again in a minute.");
            }
        }
        catch (CoachBotException refused)
        {
            return Ephemeral(refused.Code == ErrorCodes.TurnInProgress
                ? ":hourglass: I'm still answering your previous message. Try again when that reply is finished."
                : ":warning: " + SlackMrkdwn.Escape(refused.Message));
        }
    }

    private static async Task<IResult> InteractivityAsync(
        HttpRequest request, SlackRequestVerifier verifier, SlackWorkQueue queue, IChannelConversations conversations, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var payload = ParseJson(Encoding.UTF8.GetBytes(Field(ParseForm(body), "payload") ?? ""));
        var team = payload is { } p && p.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        var teamId = Text(team, "id");
        var enterpriseId = payload is { } q && q.TryGetProperty("enterprise", out var e) && e.ValueKind == JsonValueKind.Object ? Text(e, "id") : Text(team, "enterprise_id");
        var verified = await verifier.VerifyAsync(request, body, teamId, enterpriseId, null, cancellationToken);
        if (verified.Refusal is { } refusal)
        {
            return refusal;
        }

        if (payload is not { } click)
        {
            return BadRequest("The body has no JSON payload.");
        }

        if (verified.Tenant is not { } tenant || teamId is null || Text(click, "type") != "block_actions"
            || Text(Member(click, "user"), "id") is not { } user || !SlackId().IsMatch(user)
            || Text(Member(click, "channel"), "id") is not { } channel || !SlackId().IsMatch(channel)
            || !click.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            return TypedResults.Ok();
        }

        var threadTs = Text(Member(click, "message"), "thread_ts") ?? Text(Member(click, "container"), "thread_ts");
        threadTs = threadTs is not null && SlackTs().IsMatch(threadTs) ? threadTs : null;
        var account = new ChannelAccount(TurnChannels.Slack, teamId, user);
        string notice;
        try
        {
            notice = await ActAsync(conversations, tenant.Id, account, Text(actions[0], "action_id"), Text(actions[0], "value"), cancellationToken);
        }
        catch (CoachBotException refused)
        {
            notice = refused.Code == ErrorCodes.TurnInProgress
                ? ":hourglass: I'm still writing a reply. Try again when it is finished."
                : ":warning: " + SlackMrkdwn.Escape(refused.Message);
        }

        queue.TryEnqueue(new SlackNoticeWork(tenant.Id, teamId, channel, user, threadTs, notice));
        return TypedResults.Ok();
    }

    private static async Task<string> ActAsync(
        IChannelConversations conversations, TenantId tenant, ChannelAccount account, string? actionId, string? value, CancellationToken cancellationToken)
    {
        var user = await conversations.ResolveUserAsync(tenant, account, cancellationToken);
        switch (actionId)
        {
            case SlackMrkdwn.FeedbackUpAction or SlackMrkdwn.FeedbackDownAction when TurnId.TryParse(value, out var turnId):
                var rating = actionId == SlackMrkdwn.FeedbackUpAction ? "up" : "down";
                await conversations.SubmitFeedbackAsync(user, turnId, new FeedbackSubmission { Rating = rating }, cancellationToken);
                return rating == "up" ? "Thanks! Glad that helped." : "Thanks for telling me. Your coach's team will look at this reply.";
            case SlackMrkdwn.NewConversationAction:
                await conversations.StartNewConversationAsync(user, cancellationToken);
                return "Started a new conversation. Your next question begins fresh.";
            default:
                return "That button is no longer available.";
        }
    }

    private static async Task<string> LinkAsync(IChannelConversations conversations, TenantId tenant, ChannelAccount account, string code, CancellationToken cancellationToken)
    {
        if (code.Length is 0 or > 64)
        {
            return "Send `/coach link CODE` with the code the CoachBot widget shows you under linked accounts.";
        }

        var result = await conversations.LinkAsync(tenant, account, code, cancellationToken);
        return result switch
        {
            { Linked: true } => ":white_check_mark: Linked. CoachBot in Slack now uses your profile and history from the web.",
            { ErrorCode: ErrorCodes.RateLimited } => ":hourglass: Too many attempts. Please wait a minute before trying another code.",
            _ => "That code is unknown, used or expired. Ask the CoachBot widget for a new one.",
        };
    }

    /// <summary>An app mention, or a direct message from a person: not the bot's own, not an edit, a deletion or any other subtype.</summary>
    private static bool IsForTheCoach(JsonElement message, HashSet<string> botUsers) =>
        (Text(message, "type"), Text(message, "channel_type")) is ("app_mention", _) or ("message", "im")
        && !message.TryGetProperty("bot_id", out _)
        && !message.TryGetProperty("subtype", out _)
        && !message.TryGetProperty("edited", out _)
        && !(Text(message, "user") is { } author && botUsers.Contains(author));

    private static HashSet<string> BotUserIds(JsonElement payload)
    {
        var bots = new HashSet<string>(StringComparer.Ordinal);
        if (payload.TryGetProperty("authorizations", out var authorizations) && authorizations.ValueKind == JsonValueKind.Array)
        {
            foreach (var authorization in authorizations.EnumerateArray())
            {
                if (authorization.ValueKind == JsonValueKind.Object && authorization.TryGetProperty("is_bot", out var isBot)
                    && isBot.ValueKind == JsonValueKind.True && Text(authorization, "user_id") is { } id)
                {
                    bots.Add(id);
                }
            }
        }

        return bots;
    }

    /// <summary>The message as the person wrote it: leading mentions dropped, Slack's escapes undone.</summary>
    private static string CleanText(string? text)
    {
        var plain = LeadingMention().Replace(text ?? "", "");
        return plain.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal).Trim();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The exact bytes are signed, so the body is read raw before anything parses it (Kestrel bounds its size).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static JsonElement? ParseJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, StringValues> ParseForm(byte[] body)
    {
        try
        {
            return new FormReader(Encoding.UTF8.GetString(body)).ReadForm();
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }

    private static string? Field(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var member) ? member : default;

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonHttpResult<SlackCommandReply> Ephemeral(string text) => TypedResults.Json(new SlackCommandReply("ephemeral", text));

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, detail));

    private static ProblemHttpResult Busy(HttpRequest request)
    {
        // Slack delivers the event again later; nothing was taken, so that delivery is answered.
        request.HttpContext.Response.Headers.RetryAfter = "60";
        return TypedResults.Problem(Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "CoachBot is busy; deliver the event again later."));
    }

    [GeneratedRegex("^[A-Z0-9]{2,32}$")]
    private static partial Regex SlackId();

    [GeneratedRegex(@"^[0-9]{1,12}\.[0-9]{1,8}$")]
    private static partial Regex SlackTs();

    [GeneratedRegex(@"^(\s*<@[A-Z0-9]+(\|[^>]*)?>)+")]
    private static partial Regex LeadingMention();
}

/// <summary>The immediate answer to a slash command.</summary>
/// <param name="ResponseType"><c>ephemeral</c>: only the person who typed the command sees it.</param>
/// <param name="Text">mrkdwn.</param>
internal sealed record SlackCommandReply(
    [property: System.Text.Json.Serialization.JsonPropertyName("response_type")] string ResponseType,
    [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
