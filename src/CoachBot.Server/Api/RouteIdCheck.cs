using CoachBot.Conversations;

namespace CoachBot.Server.Api;

/// <summary>
/// Refuses a request whose route values (turn, key, role or user ids) are blank or hold control characters with
/// 400 <c>invalid_id</c>, before any endpoint looks them up. A NUL never gets this far: Kestrel refuses a path that
/// decodes to one before the application runs.
/// </summary>
internal sealed class RouteIdCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return next(context);
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && !IsWellFormed(text))
            {
                return Problems.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidId, $"{name} must be an id without blanks or control characters.");
            }
        }

        return next(context);
    }

    /// <summary>False for an empty id and for one with a blank or a control character anywhere in it: no CoachBot id has either.</summary>
    public static bool IsWellFormed(string id) =>
        id.Length > 0 && !id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}

/// <summary>Adds <see cref="RouteIdCheck"/> to the pipeline.</summary>
internal static class RouteIdCheckRegistration
{
    public static IApplicationBuilder UseRouteIdCheck(this IApplicationBuilder app) => app.UseMiddleware<RouteIdCheck>();
}
