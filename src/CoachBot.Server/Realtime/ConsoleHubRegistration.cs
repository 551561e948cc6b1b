using System.Diagnostics.CodeAnalysis;

namespace CoachBot.Server.Realtime;

/// <summary>The coach console's live hub, beside the chat hub.</summary>
internal static class ConsoleHubRegistration
{
    public const string HubPath = "/hubs/console";

    /// <summary>
    /// A request to the console hub that carries its staff token in the <c>access_token</c> query parameter, as browsers
    /// must for WebSockets and Server-Sent Events.
    /// </summary>
    public static bool IsHubRequest(HttpRequest request, [NotNullWhen(true)] out string? token)
    {
        token = request.Path.StartsWithSegments(HubPath) && request.Query["access_token"] is [{ Length: > 0 } value] ? value : null;
        return token is not null;
    }

    public static IEndpointRouteBuilder MapConsoleHub(this IEndpointRouteBuilder app)
    {
        // A connection ends when the staff token expires, as a new request with it would be refused.
        app.MapHub<ConsoleHub>(HubPath, options => options.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
