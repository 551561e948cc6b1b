using System.Runtime.CompilerServices;
using CoachBot.Conversations;
using CoachBot.Grains.Turns;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>
/// The chat hub. The tenant and user always come from the connection's validated token, never from arguments;
/// each connection joins its own user's group and no other. Every call is metered by <see cref="HubLimitsFilter"/>.
/// </summary>
[Authorize(Policy = IdentityRegistration.EndUserPolicy)]
public sealed class CoachHub(IGrainFactory grains, TurnStreams streams, IConsentStore consents, TimeProvider time, ILogger<CoachHub> logger) : Hub<ICoachClient>
{
    private UserKey User => Context.User!.TryGetUserKey(out var user) ? user : throw HubErrors.Refuse(ErrorCodes.Unauthenticated, "A valid session is required.");

    private IUserGrain Grain => grains.GetUserGrain(User);

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, User.ToGroupName());
        await base.OnConnectedAsync();
    }

    /// <summary>Sends a message and streams the reply: text deltas with their offsets, then a last chunk with how the turn ended.</summary>
    public async IAsyncEnumerable<ReplyChunk> SendMessage(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var user = User;
        // The grain refuses an empty or oversize message (message_too_long) before it stores anything.
        var grain = grains.GetUserGrain(user);
        // The grain tells the user's other connections (and only those) that the turn started.
        var origin = new TurnOrigin(TurnChannels.Widget, Context.ConnectionId);
        var started = await HubErrors.GuardAsync(() => grain.StartTurnAsync(text, origin), logger);
        await foreach (var chunk in HubErrors.GuardStream(streams.WatchAsync(user, started.TurnId, 0, cancellationToken), logger, cancellationToken))
        {
            yield return chunk;
        }
    }

    /// <summary>Re-attaches to a turn (running or recently finished) from the offset the client has already received.</summary>
    public async IAsyncEnumerable<ReplyChunk> AttachToTurn(string turnId, int offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = ParseTurnId(turnId);
        await foreach (var chunk in HubErrors.GuardStream(streams.WatchAsync(User, id, offset, cancellationToken), logger, cancellationToken))
        {
            yield return chunk;
        }
    }

    /// <summary>Stops a running turn. Returns false when it had already ended.</summary>
    public Task<bool> CancelTurn(string turnId)
    {
        var id = ParseTurnId(turnId);
        return HubErrors.GuardAsync(() => Grain.CancelTurnAsync(id), logger);
    }

    /// <summary>Whether the user lets their tenant's coaches review their conversations.</summary>
    public Task<bool> GetConsent() => HubErrors.GuardAsync(() => consents.GetCoachingReviewConsentAsync(User, Context.ConnectionAborted), logger);

    /// <summary>Grants (true) or withdraws (false) the user's consent to coaching review; returns the new answer.</summary>
    public Task<bool> SetConsent(bool coachingReview) => HubErrors.GuardAsync(async () =>
    {
        await ConsentChanges.SetAsync(User, coachingReview, consents, grains, time, logger, Context.ConnectionAborted);
        return coachingReview;
    }, logger);

    /// <summary>The id of the turn being answered, or null.</summary>
    public async Task<string?> GetActiveTurn() =>
        (await HubErrors.GuardAsync(() => Grain.GetActiveTurnAsync(), logger))?.ToString();

    /// <summary>The latest messages of the current conversation (oldest first); pass the oldest turn id seen as beforeTurnId to page back.</summary>
    public Task<ConversationHistory> GetHistory(int limit, string? beforeTurnId)
    {
        TurnId? before = beforeTurnId is null ? null : ParseTurnId(beforeTurnId);
        return HubErrors.GuardAsync(async () => (await Grain.GetHistoryAsync(limit, before)).ForPerson(), logger);
    }

    /// <summary>Rates one of the user's ended replies ("up"/"down", optional comment); submitting again replaces the earlier feedback.</summary>
    public Task<TurnFeedback> SubmitFeedback(string turnId, FeedbackSubmission feedback)
    {
        var id = ParseTurnId(turnId);
        if (feedback is null)
        {
            throw HubErrors.Refuse(ErrorCodes.InvalidArgument, "Feedback with a rating is required.");
        }

        return HubErrors.GuardAsync(() => Grain.SubmitFeedbackAsync(id, feedback), logger);
    }

    /// <summary>The user's career profile.</summary>
    public Task<CareerProfile> GetProfile() => HubErrors.GuardAsync(() => Grain.GetProfileAsync(), logger);

    /// <summary>Corrects the profile; null members stay unchanged. Other connections of the user are told.</summary>
    public async Task<CareerProfile> UpdateProfile(ProfileUpdate update)
    {
        if (update is null)
        {
            throw HubErrors.Refuse(ErrorCodes.InvalidArgument, "A profile update is required.");
        }

        var user = User;
        var profile = await HubErrors.GuardAsync(() => grains.GetUserGrain(user).UpdateProfileAsync(update), logger);
        await Clients.OthersInGroup(user.ToGroupName()).ProfileUpdated(profile);
        return profile;
    }

    /// <summary>Starts a new conversation; returns its id.</summary>
    public async Task<string> StartNewConversation() =>
        (await HubErrors.GuardAsync(() => Grain.StartNewConversationAsync(), logger)).ToString();

    private static TurnId ParseTurnId(string? turnId) =>
        TurnId.TryParse(turnId, out var id) ? id : throw HubErrors.Refuse(ErrorCodes.InvalidArgument, "turnId must be a turn id.");
}
