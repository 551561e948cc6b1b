using System.Text.Encodings.Web;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Widget;

/// <summary>
/// Serves the web widget: <c>/widget.js</c> (the loader a host page embeds), <c>/widget/app.js</c> (the chat app it
/// loads on first open), the demo host page at <c>/</c> and the full-page iframe fallback at <c>/widget/frame</c>.
/// </summary>
public static class WidgetEndpoints
{
    public const string LoaderPath = "/widget.js";
    public const string AppPath = "/widget/app.js";
    public const string FramePath = "/widget/frame";

    private const string JavaScript = "text/javascript; charset=utf-8";
    private const string Html = "text/html; charset=utf-8";

    // The loader keeps its URL, so caches revalidate it after five minutes; the app chunk is addressed by its content
    // hash (?v=) and never changes under that address.
    private static readonly Lazy<WidgetAsset> Loader = new(() => WidgetAsset.Load("CoachBot.Widget.Bundle.widget.js", JavaScript, "public, max-age=300"));
    private static readonly Lazy<WidgetAsset> App = new(() => WidgetAsset.Load("CoachBot.Widget.Bundle.app.js", JavaScript, "public, max-age=300"));
    private static readonly Lazy<string> AppVersion = new(() => System.Text.Encoding.UTF8.GetString(WidgetAsset.Read("CoachBot.Widget.Bundle.app.version")).Trim());
    private static readonly Lazy<WidgetAsset> Demo = new(() => WidgetAsset.Load("CoachBot.Widget.Pages.demo.html", Html, "no-cache"));
    private static readonly Lazy<string> DemoPolicy = new(() => PagePolicy.For(System.Text.Encoding.UTF8.GetString(Demo.Value.Content), "'self'"));
    private static readonly Lazy<string> FrameTemplate = new(() => System.Text.Encoding.UTF8.GetString(WidgetAsset.Read("CoachBot.Widget.Pages.frame.html")));

    // Static files answer HEAD too (link checkers, caches probing for changes).
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapCoachBotWidget(this IEndpointRouteBuilder app)
    {
        app.MapMethods(LoaderPath, GetOrHead, (HttpContext context) => Loader.Value.Serve(context))
            .AllowAnonymous().WithName("GetWidgetLoader").WithSummary("The widget loader script a host page embeds.").ExcludeFromDescription();
        app.MapMethods(AppPath, GetOrHead, (HttpContext context, string? v) =>
            {
                // Module scripts are fetched with CORS; the bundle is public, so any page may load it.
                if (!context.Response.Headers.ContainsKey("Access-Control-Allow-Origin"))
                {
                    context.Response.Headers.AccessControlAllowOrigin = "*";
                }

                return App.Value.Serve(context, v == AppVersion.Value ? "public, max-age=31536000, immutable" : null);
            })
            .AllowAnonymous().WithName("GetWidgetApp").WithSummary("The widget's chat app, loaded when the widget first opens.").ExcludeFromDescription();
        app.MapMethods("/", GetOrHead, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = DemoPolicy.Value;
                return Demo.Value.Serve(context);
            })
            .AllowAnonymous().WithName("GetWidgetDemo").WithSummary("A sample host page with the widget for the default tenant.").ExcludeFromDescription();
        app.MapGet(FramePath, FrameAsync)
            .AllowAnonymous().WithName("GetWidgetFrame").WithSummary("The widget as a full page, for embedding in an iframe.").ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The full-page widget. It may be framed by CoachBot itself and by the tenant's allowed origins
    /// (<c>frame-ancestors</c>); an unknown or malformed key gets 404 <c>tenant_key_invalid</c>.
    /// </summary>
    private static async Task<IResult> FrameAsync(HttpContext context, string? tenantKey, CancellationToken cancellationToken)
    {
        var ancestors = "'self'";
        if (!string.IsNullOrEmpty(tenantKey))
        {
            var tenant = WidgetKeys.IsWellFormedWidgetKey(tenantKey)
                ? await context.RequestServices.GetRequiredService<ITenantStore>().FindTenantByWidgetKeyAsync(tenantKey, cancellationToken)
                : null;
            if (tenant is null)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Unknown widget key.",
                    type: "urn:coachbot:error:tenant_key_invalid",
                    extensions: new Dictionary<string, object?> { ["code"] = "tenant_key_invalid" });
            }

            // Stored origins are validated scheme://host[:port] values, so they are safe inside the header.
            ancestors = string.Join(' ', new[] { ancestors }.Concat(tenant.Settings.AllowedOrigins));
        }

        var attributes = string.IsNullOrEmpty(tenantKey) ? "" : $" data-tenant-key=\"{HtmlEncoder.Default.Encode(tenantKey)}\"";
        var page = WidgetAsset.FromText(FrameTemplate.Value.Replace("{{tenantKeyAttribute}}", attributes, StringComparison.Ordinal), Html, "no-cache");
        context.Response.Headers.ContentSecurityPolicy = PagePolicy.For(FrameTemplate.Value, ancestors);
        return page.Serve(context);
    }
}
