using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoachBot.Widget;

/// <summary>
/// Serves the coach console: the page at <c>/console</c> and its script at <c>/console/console.js</c>. Both are public
/// files; everything the console shows comes from the coach API and the console hub, which require a staff token.
/// </summary>
public static class ConsoleEndpoints
{
    public const string PagePath = "/console";
    public const string ScriptPath = "/console/console.js";

    // The console's views are chosen by the URL's hash, so one page serves them all. It is never framed: a coach's
    // clicks must not be borrowed by another site.
    private static readonly Lazy<WidgetAsset> Page = new(() => WidgetAsset.Load("CoachBot.Widget.Pages.console.html", "text/html; charset=utf-8", "no-cache"));
    private static readonly Lazy<string> Policy = new(() => PagePolicy.For(System.Text.Encoding.UTF8.GetString(Page.Value.Content), "'none'"));
    private static readonly Lazy<WidgetAsset> Script = new(() => WidgetAsset.Load("CoachBot.Widget.Bundle.console.js", "text/javascript; charset=utf-8", "no-cache"));

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapCoachBotConsole(this IEndpointRouteBuilder app)
    {
        app.MapMethods(PagePath, GetOrHead, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = Policy.Value;
                return Page.Value.Serve(context);
            })
            .AllowAnonymous().WithName("GetCoachConsole").WithSummary("The coach console page.").ExcludeFromDescription();
        app.MapMethods(ScriptPath, GetOrHead, (HttpContext context) => Script.Value.Serve(context))
            .AllowAnonymous().WithName("GetCoachConsoleScript").WithSummary("The coach console's script.").ExcludeFromDescription();
        return app;
    }
}
