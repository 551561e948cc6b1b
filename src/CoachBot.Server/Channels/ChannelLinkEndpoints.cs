using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels;

/// <summary>
/// The widget user's side of linking: a one-time code to send from Slack or Teams, the accounts linked so far, and
/// unlinking one of them.
/// </summary>
internal static class ChannelLinkEndpoints
{
    public static IEndpointRouteBuilder MapChannelLinkEndpoints(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/me/channel-links")
            .RequireAuthorization(IdentityRegistration.EndUserPolicy)
            .WithTags("Me")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        links.MapPost("", CreateCodeAsync).WithName("CreateChannelLinkCode")
            .WithSummary("A one-time code that links a Slack or Teams account to this user when sent there as \"link CODE\".");
        links.MapGet("", ListAsync).WithName("ListChannelLinks").WithSummary("The Slack and Teams accounts linked to this user.");
        links.MapDelete("", UnlinkAsync).WithName("DeleteChannelLink")
            .WithSummary("Unlinks one of this user's linked accounts; it acts as its own user again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<ChannelLinkCode>> CreateCodeAsync(
        ClaimsPrincipal principal, IChannelIdentityStore identities, TimeProvider time, IOptions<ChannelOptions> options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.LinkCodeLifetime;
        var code = await identities.CreateLinkCodeAsync(principal.RequireUserKey(), now, expiresAt, cancellationToken);
        return TypedResults.Ok(new ChannelLinkCode(code, expiresAt));
    }

    private static async Task<Ok<LinkedAccount[]>> ListAsync(ClaimsPrincipal principal, IChannelIdentityStore identities, CancellationToken cancellationToken)
    {
        var linked = await identities.ListLinkedAsync(principal.RequireUserKey(), cancellationToken);
        return TypedResults.Ok(linked.Select(LinkedAccount.From).ToArray());
    }

    private static async Task<NoContent> UnlinkAsync(
        ClaimsPrincipal principal, IChannelIdentityStore identities, TimeProvider time,
        string? channel, string? workspaceId, string? externalUserId, CancellationToken cancellationToken)
    {
        if (channel is null || workspaceId is null || externalUserId is null)
        {
            throw new CoachBotException(ErrorCodes.InvalidArgument, "channel, workspaceId and externalUserId are required.");
        }

        // Only an account linked to this very user can be unlinked here; any other answers as if it did not exist.
        var user = principal.RequireUserKey();
        var account = new ChannelAccount(channel, workspaceId, externalUserId);
        var linked = await identities.ListLinkedAsync(user, cancellationToken);
        if (!linked.Any(identity => identity.Account == account)
            || !await identities.UnlinkAsync(user.Tenant, account, time.GetUtcNow(), AuditActor.User(user.User), cancellationToken))
        {
            throw new CoachBotException(ErrorCodes.NotFound, "No such account is linked to you.");
        }

        return TypedResults.NoContent();
    }
}

/// <summary>A link code to send from Slack (<c>/coach link CODE</c>) or Teams (<c>link CODE</c>).</summary>
/// <param name="Code">Eight letters and digits; works once.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record ChannelLinkCode(string Code, DateTimeOffset ExpiresAt);

/// <summary>A chat platform account linked to the user.</summary>
/// <param name="Channel"><c>slack</c> or <c>teams</c>.</param>
/// <param name="WorkspaceId">The Slack team or Microsoft Entra tenant.</param>
/// <param name="ExternalUserId">The platform's id of the account.</param>
/// <param name="LinkedAt">When it was linked.</param>
public sealed record LinkedAccount(string Channel, string WorkspaceId, string ExternalUserId, DateTimeOffset? LinkedAt)
{
    internal static LinkedAccount From(ChannelIdentity identity) =>
        new(identity.Account.Channel, identity.Account.WorkspaceId, identity.Account.ExternalUserId, identity.LinkedAt);
}
