namespace CoachBot.Server.Security;

/// <summary>
/// Headers every response carries: <c>X-Content-Type-Options: nosniff</c> (browsers never guess a type other than the
/// declared one, so a JSON body cannot be run as a script or page) and <c>Referrer-Policy: no-referrer</c>. Pages set
/// their own Content-Security-Policy where they are served; every other response gets one that lets it load nothing.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>The policy of responses that are not pages (JSON, scripts): nothing may run, load or frame them.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        context.Response.OnStarting(() =>
        {
            // Pages (the demo page, the widget frame) set a policy that lets them run; everything else runs nothing.
            if (!headers.ContainsKey("Content-Security-Policy") && !IsHtml(context.Response.ContentType))
            {
                headers.ContentSecurityPolicy = DataPolicy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    });

    private static bool IsHtml(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
