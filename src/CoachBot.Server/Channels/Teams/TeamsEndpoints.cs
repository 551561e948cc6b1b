using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// The Bot Framework messaging endpoint: authenticates the request, finds the tenant whose bot it is for, queues the
/// activity for a worker and answers at once.
/// </summary>
internal static class TeamsEndpoints
{
    public const string Route = "/api/messages";

    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ReceiveAsync)
            .AllowAnonymous()
            .WithTags("Teams")
            .WithName("ReceiveTeamsActivity")
            .WithSummary("Receives a Bot Framework activity from Microsoft Teams; the reply is sent through the Bot Connector.")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, BotFrameworkAuthenticator authenticator, ITenantStore tenants, TeamsInbox inbox, IOptions<TeamsOptions> options, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Activities are sent as application/json.");
        }

        TeamsActivity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<TeamsActivity>(context.Request.Body, BotConnectorClient.Json, cancellationToken);
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, TeamsErrorCodes.ActivityInvalid, "The body is not a Bot Framework activity.");
        }

        if (activity is null)
        {
            return Problem(StatusCodes.Status400BadRequest, TeamsErrorCodes.ActivityInvalid, "The body is not a Bot Framework activity.");
        }

        var authentication = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, activity, cancellationToken);
        if (authentication.AppId is not { } appId)
        {
            return Problem(authentication.Status, authentication.Code!, authentication.Detail!);
        }

        if (Malformed(activity, options.Value) is { } problem)
        {
            return Problem(StatusCodes.Status400BadRequest, TeamsErrorCodes.ActivityInvalid, problem);
        }

        var tenant = await tenants.FindTenantByTeamsAppAsync(appId, activity.EntraTenantId, cancellationToken);
        if (tenant is null)
        {
            return Problem(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, "The token is not for a bot CoachBot serves in this Microsoft Entra tenant.");
        }

        if (activity.Type is "message" or "conversationUpdate" && !inbox.TryEnqueue(new TeamsWorkItem(tenant.Id, appId, activity)))
        {
            context.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "CoachBot is busy; deliver the activity again shortly.");
        }

        return TypedResults.Ok();
    }

    /// <summary>Why the activity cannot be answered, or null.</summary>
    private static string? Malformed(TeamsActivity activity, TeamsOptions options)
    {
        if (string.IsNullOrEmpty(activity.Type) || string.IsNullOrEmpty(activity.Id) || activity.Id.Length > 1024)
        {
            return "An activity needs a type and an id.";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || !options.IsAcceptableServiceUrl(serviceUrl))
        {
            return "The activity's serviceUrl is not an acceptable absolute URL.";
        }

        if (activity.Conversation?.Id is not { Length: > 0 and <= 1024 } || activity.Recipient?.Id is not { Length: > 0 })
        {
            return "The activity needs a conversation and a recipient.";
        }

        if (activity.Type == "message" && (activity.From?.Id is not { Length: > 0 } || activity.ChannelId != "msteams"))
        {
            return "A message needs a sender and must come from the msteams channel.";
        }

        return null;
    }

    private static ProblemHttpResult Problem(int status, string code, string detail) => TypedResults.Problem(Problems.Create(status, code, detail));
}
