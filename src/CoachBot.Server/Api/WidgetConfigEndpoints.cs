using System.Text.Json.Serialization;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Cors;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Api;

/// <summary>
/// The widget's public configuration: what a host page's widget shows before anyone signs in (coach name, greeting,
/// appearance). Anonymous, readable from any origin and cacheable, because it holds only what every visitor sees anyway.
/// </summary>
internal static class WidgetConfigEndpoints
{
    public const string RateLimitPolicy = "widget-config";

    /// <summary>How long browsers and proxies may reuse an answer.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapWidgetConfigEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/widget/config", GetConfigAsync)
            .AllowAnonymous()
            .RequireCors(PublicCors.PolicyName)
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("GetWidgetConfig")
            .WithTags("Widget")
            .WithSummary("The widget's public configuration for the tenant of tenantKey (the default tenant without one): coach name, greeting and appearance.")
            .Produces<WidgetConfigResponse>()
            .Produces<ProblemDetails>(StatusCodes.Status404NotFound)
            .Produces<ProblemDetails>(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Ok<WidgetConfigResponse>, ProblemHttpResult>> GetConfigAsync(
        string? tenantKey, HttpContext context, CachedTenantSettings tenants, IOptions<TenancyOptions> tenancy, CancellationToken cancellationToken)
    {
        TenantSettings settings;
        if (string.IsNullOrEmpty(tenantKey))
        {
            settings = await tenants.GetAsync(TenantId.Parse(tenancy.Value.DefaultTenantId), cancellationToken);
        }
        else if (WidgetKeys.IsWellFormedWidgetKey(tenantKey) && await tenants.FindByWidgetKeyAsync(tenantKey, cancellationToken) is { } found)
        {
            settings = found.Settings;
        }
        else
        {
            // One answer for malformed, unknown and rotated keys.
            return TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.TenantKeyInvalid, "The tenant key is not valid."));
        }

        context.Response.Headers.CacheControl = $"public, max-age={(int)CacheLifetime.TotalSeconds}";
        // Whether the asking page may use the chat differs by page, so caches keep one answer per origin.
        context.Response.Headers.Vary = "Origin";
        bool? originAllowed = context.Request.Headers.Origin.Count == 0
            ? null
            : TenantOriginCheck.IsAllowed(context, settings);
        return TypedResults.Ok(WidgetConfigResponse.From(settings) with { OriginAllowed = originAllowed });
    }
}

/// <summary>What the widget shows before anyone signs in. Public: it holds nothing a visitor of the host page does not see.</summary>
/// <param name="CoachName">The persona's coach name.</param>
/// <param name="Greeting">The first message a new user sees; empty for none.</param>
/// <param name="Title">The panel's title (the coach name unless set).</param>
/// <param name="LauncherLabel">The launcher's label ("Chat with " + the coach name unless set).</param>
/// <param name="PrimaryColor">"#rrggbb".</param>
/// <param name="Position">"bottom-right" or "bottom-left".</param>
/// <param name="ColorScheme">"light", "dark" or "auto".</param>
/// <param name="AvatarUrl">An https URL, a path on CoachBot's host, a data:image URL, or null.</param>
public sealed record WidgetConfigResponse(
    string CoachName,
    string Greeting,
    string Title,
    string LauncherLabel,
    string PrimaryColor,
    string Position,
    string ColorScheme,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? AvatarUrl)
{
    /// <summary>Questions a new conversation offers; empty for the widget's own.</summary>
    public IReadOnlyList<string> SuggestedPrompts { get; init; } = [];

    /// <summary>Replies offered under each answer; empty for none.</summary>
    public IReadOnlyList<string> QuickReplies { get; init; } = [];

    /// <summary>
    /// Whether the page asking (its Origin header) may use the chat: the tenant lists it, or it is CoachBot's own.
    /// Absent when the request has no Origin. A page that may not gets no session, so the widget says so instead of
    /// reporting a network error.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? OriginAllowed { get; init; }

    public static WidgetConfigResponse From(TenantSettings settings)
    {
        var persona = settings.Persona;
        var widget = settings.Widget ?? new TenantWidgetSettings();
        return new(
            persona.CoachName,
            persona.Greeting,
            widget.Title ?? persona.CoachName,
            widget.LauncherLabel ?? "Chat with " + persona.CoachName,
            widget.PrimaryColor,
            widget.Position,
            widget.ColorScheme,
            widget.AvatarUrl)
        {
            SuggestedPrompts = widget.SuggestedPrompts ?? [],
            QuickReplies = widget.QuickReplies ?? [],
        };
    }

    /// <summary>Equal when every member is, the lists item by item.</summary>
    public bool Equals(WidgetConfigResponse? other) =>
        other is not null
        && (CoachName, Greeting, Title, LauncherLabel, PrimaryColor, Position, ColorScheme, AvatarUrl, OriginAllowed)
            == (other.CoachName, other.Greeting, other.Title, other.LauncherLabel, other.PrimaryColor, other.Position, other.ColorScheme, other.AvatarUrl, other.OriginAllowed)
        && SuggestedPrompts.SequenceEqual(other.SuggestedPrompts)
        && QuickReplies.SequenceEqual(other.QuickReplies);

    public override int GetHashCode() => HashCode.Combine(CoachName, Title, PrimaryColor, SuggestedPrompts.Count, QuickReplies.Count);
}
