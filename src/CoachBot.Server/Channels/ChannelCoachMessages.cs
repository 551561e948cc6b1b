using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Channels.Slack;
using CoachBot.Server.Channels.Teams;
using CoachBot.Tenancy;

namespace CoachBot.Server.Channels;

/// <summary>
/// Posts a human coach's message into the Slack thread or Teams conversation the person last wrote from, through the
/// same outbound clients the replies use (the tenant's bot token for Slack, CoachBot's connector token for Teams).
/// </summary>
internal sealed partial class ChannelCoachMessages(
    ITenantStore tenants,
    SlackWebApi slack,
    BotConnectorClient teams,
    ILogger<ChannelCoachMessages> logger)
{
    public async Task PostAsync(TenantId tenant, CoachMessage message, ChannelAddress address, CancellationToken cancellationToken)
    {
        try
        {
            switch (address.Channel)
            {
                case TurnChannels.Slack:
                    if (await tenants.GetSecretAsync(tenant, TenantSecretKind.SlackBotToken, cancellationToken) is { } token)
                    {
                        await slack.PostMessageAsync(token, address.Conversation, address.Thread,
                            $"*Coach {SlackMrkdwn.Escape(message.AuthorName)}:* {SlackMrkdwn.Escape(message.Text)}", null, cancellationToken);
                    }

                    break;
                case TurnChannels.Teams when Uri.TryCreate(address.ServiceUrl, UriKind.Absolute, out var serviceUrl):
                    var target = new TeamsReplyTarget(tenant, address.Workspace, serviceUrl, address.Conversation);
                    await teams.SendAsync(target, new OutgoingActivity
                    {
                        Type = "message",
                        Text = $"**Coach {message.AuthorName}:** {message.Text}",
                        TextFormat = "markdown",
                        Conversation = new TeamsConversation(address.Conversation),
                    }, cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message is stored and shown in the widget; the platform copy is best effort, like the platform's own.
            LogNotPosted(ex, tenant.Value, address.Channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A coach message of tenant {TenantId} could not be posted to {Channel}")]
    private partial void LogNotPosted(Exception exception, string tenantId, string channel);
}
