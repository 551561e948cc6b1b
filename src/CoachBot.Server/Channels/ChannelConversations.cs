using System.Runtime.CompilerServices;
using CoachBot.Conversations;
using CoachBot.Grains.Turns;
using CoachBot.Ids;
using CoachBot.Server.Limits;
using CoachBot.Tenancy;

namespace CoachBot.Server.Channels;

/// <summary>The one path from a platform account to the user's grain, shared by the Slack and Teams adapters.</summary>
internal sealed partial class ChannelConversations(
    IGrainFactory grains,
    TurnStreams streams,
    IChannelIdentityStore identities,
    UserRateLimiter rateLimiter,
    TimeProvider time,
    ILogger<ChannelConversations> logger) : IChannelConversations
{
    public async Task<UserKey> ResolveUserAsync(TenantId tenant, ChannelAccount account, CancellationToken cancellationToken = default)
    {
        var identity = await identities.GetOrCreateAsync(tenant, Validate(account), time.GetUtcNow(), cancellationToken);
        return new UserKey(tenant, identity.ActsAs);
    }

    public Task<TurnStarted> StartTurnAsync(UserKey user, ChannelAccount account, string text, ChannelAddress address, CancellationToken cancellationToken = default)
    {
        TakeRatePermit(user);
        return grains.GetUserGrain(user).StartTurnAsync(text, new TurnOrigin(Validate(account).Channel, Address: address));
    }

    public async IAsyncEnumerable<ReplyChunk> WatchAsync(UserKey user, TurnId turnId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in streams.WatchAsync(user, turnId, 0, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return chunk;
        }
    }

    public Task<ConversationId> StartNewConversationAsync(UserKey user, CancellationToken cancellationToken = default) =>
        grains.GetUserGrain(user).StartNewConversationAsync();

    public Task<TurnFeedback> SubmitFeedbackAsync(UserKey user, TurnId turnId, FeedbackSubmission feedback, CancellationToken cancellationToken = default)
    {
        TakeRatePermit(user);
        return grains.GetUserGrain(user).SubmitFeedbackAsync(turnId, feedback);
    }

    public async Task<ChannelLinkResult> LinkAsync(TenantId tenant, ChannelAccount account, string code, CancellationToken cancellationToken = default)
    {
        // Every attempt spends a permit of the account's own budget, so guessing codes is as slow as sending messages.
        var current = await ResolveUserAsync(tenant, account, cancellationToken);
        using (var lease = rateLimiter.Acquire(current))
        {
            if (!lease.IsAcquired)
            {
                return ChannelLinkResult.Failure(ErrorCodes.RateLimited);
            }
        }

        var linked = await identities.LinkAsync(tenant, account, code, time.GetUtcNow(), cancellationToken);
        if (linked is not { } user)
        {
            LogLinkRefused(tenant.Value, account.Channel);
            return ChannelLinkResult.Failure(ErrorCodes.LinkCodeInvalid);
        }

        LogLinked(tenant.Value, account.Channel, user.User.Value);
        return ChannelLinkResult.Success(user);
    }

    public async Task<bool> UnlinkAsync(TenantId tenant, ChannelAccount account, CancellationToken cancellationToken = default)
    {
        var identity = await identities.GetOrCreateAsync(tenant, Validate(account), time.GetUtcNow(), cancellationToken);
        return await identities.UnlinkAsync(tenant, account, time.GetUtcNow(), AuditActor.User(identity.ActsAs), cancellationToken);
    }

    private void TakeRatePermit(UserKey user)
    {
        using var lease = rateLimiter.Acquire(user);
        if (!lease.IsAcquired)
        {
            throw new CoachBotException(ErrorCodes.RateLimited, $"Too many messages; retry after {UserRateLimiter.RetryAfterSeconds(lease)} s.");
        }
    }

    private static ChannelAccount Validate(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Channel is not (TurnChannels.Slack or TurnChannels.Teams))
        {
            throw new ArgumentException($"'{account.Channel}' is not a chat platform channel.", nameof(account));
        }

        // Platform ids are opaque to CoachBot, but only ever stored as values; they are bounded so a forged event cannot bloat the table.
        if (!IsPlatformId(account.WorkspaceId) || !IsPlatformId(account.ExternalUserId))
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "The platform account ids are malformed.");
        }

        return account;
    }

    private static bool IsPlatformId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 256 && !id.Any(char.IsControl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked a {Channel} account of tenant {TenantId} to user {UserId}")]
    private partial void LogLinked(string tenantId, string channel, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a {Channel} link code in tenant {TenantId}")]
    private partial void LogLinkRefused(string tenantId, string channel);
}
