using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// What CoachBot does with one authenticated activity, on a background worker: a redelivery is dropped, a bot added to
/// a conversation greets, a message becomes a turn of the person's grain (or links / unlinks the account).
/// </summary>
internal sealed partial class TeamsActivityHandler(
    IChannelConversations conversations,
    IChannelEventLog events,
    ITenantStore tenants,
    TeamsReplyWriter writer,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsActivityHandler> logger)
{
    public async Task HandleAsync(TeamsWorkItem item, CancellationToken cancellationToken)
    {
        var activity = item.Activity;
        if (!await events.TryTakeAsync(TurnChannels.Teams, DeliveryKey(item), time.GetUtcNow(), options.Value.RedeliveryWindow, cancellationToken))
        {
            LogRedelivery(item.Tenant.Value);
            return;
        }

        var target = new TeamsReplyTarget(item.Tenant, item.AppId, WithTrailingSlash(activity.ServiceUrl!), activity.Conversation!.Id!);
        try
        {
            switch (activity.Type)
            {
                case "conversationUpdate" when activity.MembersAdded?.Any(member => member.Id == activity.Recipient?.Id) == true:
                    var tenant = await tenants.GetTenantAsync(item.Tenant, cancellationToken);
                    await writer.SendTextAsync(target, activity, TeamsMessages.Welcome(tenant?.Settings.Persona.Greeting), cancellationToken);
                    break;
                case "message":
                    await HandleMessageAsync(item, target, cancellationToken);
                    break;
            }
        }
        catch (BotConnectorException failed)
        {
            LogReplyFailed(item.Tenant.Value, failed.Status, failed.Code);
        }
    }

    private async Task HandleMessageAsync(TeamsWorkItem item, TeamsReplyTarget target, CancellationToken cancellationToken)
    {
        var activity = item.Activity;
        var text = WithoutBotMention(activity);
        var account = new ChannelAccount(TurnChannels.Teams, activity.EntraTenantId ?? item.AppId, activity.From!.AadObjectId ?? activity.From.Id!);
        if (text.Length == 0 && activity.Value is not null)
        {
            await RateAsync(item, target, account, cancellationToken);
            return;
        }

        if (LinkCommand().Match(text) is { Success: true } link)
        {
            var linked = await conversations.LinkAsync(item.Tenant, account, link.Groups["code"].Value, cancellationToken);
            await writer.SendTextAsync(target, activity, linked.Linked ? TeamsMessages.Linked : TeamsMessages.Refused(new CoachBotException(linked.ErrorCode!, "")), cancellationToken);
            return;
        }

        if (text.Equals("link", StringComparison.OrdinalIgnoreCase))
        {
            await writer.SendTextAsync(target, activity, TeamsMessages.LinkUsage, cancellationToken);
            return;
        }

        if (text.Equals("unlink", StringComparison.OrdinalIgnoreCase))
        {
            var unlinked = await conversations.UnlinkAsync(item.Tenant, account, cancellationToken);
            await writer.SendTextAsync(target, activity, unlinked ? TeamsMessages.Unlinked : TeamsMessages.NotLinked, cancellationToken);
            return;
        }

        var user = await conversations.ResolveUserAsync(item.Tenant, account, cancellationToken);
        TurnStarted started;
        try
        {
            var address = new ChannelAddress(TurnChannels.Teams, target.AppId, target.ConversationId, ServiceUrl: target.ServiceUrl.ToString());
            started = await conversations.StartTurnAsync(user, account, text, address, cancellationToken);
        }
        catch (CoachBotException refused)
        {
            await writer.SendTextAsync(target, activity, TeamsMessages.Refused(refused), cancellationToken);
            return;
        }
        catch (Exception unavailable) when (unavailable is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            LogTurnUnavailable(unavailable, item.Tenant.Value);
            await writer.SendTextAsync(target, activity, TeamsMessages.Unavailable, cancellationToken);
            return;
        }

        await writer.WriteAsync(target, activity, user, started.TurnId, cancellationToken);
    }

    /// <summary>A click on a reply's feedback buttons: the rating goes to the clicking person's own turn, or nowhere.</summary>
    private async Task RateAsync(TeamsWorkItem item, TeamsReplyTarget target, ChannelAccount account, CancellationToken cancellationToken)
    {
        if (TeamsFeedback.Read(item.Activity.Value) is not { } click)
        {
            return;
        }

        var user = await conversations.ResolveUserAsync(item.Tenant, account, cancellationToken);
        try
        {
            await conversations.SubmitFeedbackAsync(user, click.Turn, new FeedbackSubmission { Rating = click.Rating }, cancellationToken);
            await writer.SendTextAsync(target, item.Activity, TeamsMessages.FeedbackThanks, cancellationToken);
        }
        catch (CoachBotException refused)
        {
            await writer.SendTextAsync(target, item.Activity, TeamsMessages.Refused(refused), cancellationToken);
        }
    }

    /// <summary>The message text without the bot's own @mention (channels and group chats prefix it).</summary>
    internal static string WithoutBotMention(TeamsActivity activity)
    {
        var text = activity.Text ?? "";
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.ValueKind == JsonValueKind.Object
                && entity.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "mention"
                && entity.TryGetProperty("mentioned", out var mentioned) && mentioned.ValueKind == JsonValueKind.Object
                && mentioned.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == activity.Recipient?.Id
                && entity.TryGetProperty("text", out var mention) && mention.ValueKind == JsonValueKind.String && mention.GetString() is { Length: > 0 } tag)
            {
                text = text.Replace(tag, " ", StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }

    /// <summary>A fixed-length key for the delivery: activity ids are unique within their conversation.</summary>
    private static string DeliveryKey(TeamsWorkItem item) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.AppId + "\n" + item.Activity.Conversation!.Id + "\n" + item.Activity.Id)));

    private static Uri WithTrailingSlash(string serviceUrl) => new(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/");

    [GeneratedRegex(@"^link\s+(?<code>[A-Za-z0-9]{4,32})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkCommand();

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a redelivered Teams activity of tenant {TenantId}")]
    private partial void LogRedelivery(string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Teams reply of tenant {TenantId} was refused by the connector: {Status} {Code}")]
    private partial void LogReplyFailed(string tenantId, int status, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Teams turn of tenant {TenantId} could not start")]
    private partial void LogTurnUnavailable(Exception exception, string tenantId);
}

/// <summary>An authenticated activity waiting for a worker, with the tenant and bot it was sent to.</summary>
internal sealed record TeamsWorkItem(TenantId Tenant, string AppId, TeamsActivity Activity);
