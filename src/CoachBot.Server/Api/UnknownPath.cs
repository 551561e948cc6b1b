using CoachBot.Conversations;

namespace CoachBot.Server.Api;

/// <summary>
/// A path no endpoint serves (a browser's <c>/favicon.ico</c>, a typo) answers 404 <c>not_found</c>. Without this the
/// authorization fallback policy, which applies to requests without an endpoint too, would answer 401 as if signing in
/// could help. A known path with the wrong method keeps its 405: routing gives that request an endpoint.
/// </summary>
internal static class UnknownPath
{
    public static IApplicationBuilder UseUnknownPathNotFound(this IApplicationBuilder app) =>
        app.Use((context, next) => context.GetEndpoint() is null && !HttpMethods.IsOptions(context.Request.Method)
            ? Problems.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "There is nothing at this path.")
            : next(context));
}
