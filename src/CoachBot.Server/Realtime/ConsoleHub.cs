using System.Runtime.CompilerServices;
using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>
/// The coach console's live side: a coach watches a consenting user's conversation as it happens and writes into it.
/// The tenant is always the coach token's; a user id is only ever looked up within it, so another tenant's user, an
/// unknown one and one who has not consented are refused alike with <c>not_found</c>. Calls are metered by
/// <see cref="HubLimitsFilter"/> like the chat hub's.
/// </summary>
[Authorize(Policy = ApiKeyRegistration.CoachPolicy)]
public sealed class ConsoleHub(IGrainFactory grains, IConsentStore consents, ITenantStore tenants, TimeProvider time, ILogger<ConsoleHub> logger) : Hub
{
    /// <summary>How many of the latest messages the first event of a watch carries.</summary>
    public const int SnapshotMessages = 50;

    /// <summary>
    /// The user's current conversation, live: a snapshot (recent messages, the running reply's text so far), then each
    /// user message, reply chunk, reply end and coach message as it happens, without gaps or repeats.
    /// </summary>
    public async IAsyncEnumerable<ConversationEvent> WatchConversation(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var user = await ConsentingUserAsync(userId, cancellationToken);
        await AuditAsync(user, AuditActions.CoachWatched);
        await foreach (var item in HubErrors.GuardStream(grains.GetUserGrain(user).WatchConversationAsync(SnapshotMessages, cancellationToken), logger, cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>
    /// Writes to the user as their coach: the message is stored in the conversation and pushed to the user's widget and
    /// to the Slack or Teams conversation they last wrote from. Returns the stored message.
    /// </summary>
    public async Task<CoachMessage> SendCoachMessage(string userId, string text)
    {
        var user = await ConsentingUserAsync(userId, Context.ConnectionAborted);
        var principal = Context.User!;
        var author = principal.FindFirstValue(CoachBotClaims.Subject)!;
        var draft = new CoachMessageDraft(text, author, principal.FindFirstValue(CoachBotClaims.Name) ?? author);
        var message = await HubErrors.GuardAsync(() => grains.GetUserGrain(user).AddCoachMessageAsync(draft), logger);
        await AuditAsync(user, AuditActions.CoachMessageSent);
        return message;
    }

    /// <summary>The user within the coach's tenant, if they consent to coaching review; <c>not_found</c> otherwise.</summary>
    private async Task<UserKey> ConsentingUserAsync(string? userId, CancellationToken cancellationToken)
    {
        var user = UserId.TryParse(userId, out var id) ? new UserKey(Context.User!.RequireTenant(), id) : (UserKey?)null;
        if (user is null || !await HubErrors.GuardAsync(() => consents.GetCoachingReviewConsentAsync(user.Value, cancellationToken), logger))
        {
            throw HubErrors.Refuse(ErrorCodes.NotFound, "No such user, or the user has not consented to coaching review.");
        }

        return user.Value;
    }

    private async Task AuditAsync(UserKey user, string action)
    {
        try
        {
            await tenants.RecordUserAuditAsync(user, Context.User!.ToAuditActor(), action, time.GetUtcNow(), Context.ConnectionAborted);
        }
        catch (Exception ex) when (ex is not HubException)
        {
            throw HubErrors.Translate(ex, logger);
        }
    }
}
