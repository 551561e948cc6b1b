using System.Text.RegularExpressions;
using CoachBot.Server.Api;
using CoachBot.Tenancy;

namespace CoachBot.Server.Tenancy;

/// <summary>
/// The widget appearance a tenant may set. Everything here is shown to anyone by the public widget configuration and
/// rendered in visitors' browsers, so links are limited to https, same-host paths and small inline images.
/// </summary>
internal static partial class WidgetSettingsValidation
{
    /// <summary>The largest inline avatar accepted, in characters of the whole data URL.</summary>
    public const int MaxDataUrlLength = 64 * 1024;

    /// <summary>How many suggested prompts or quick replies a tenant may set, and how long each may be.</summary>
    public const int MaxChoices = 6;

    public const int MaxChoiceLength = 120;

    private const int MaxUrlLength = 2048;
    private static readonly string[] Positions = ["bottom-right", "bottom-left"];
    private static readonly string[] ColorSchemes = ["light", "dark", "auto"];

    public static TenantWidgetSettings Validate(WidgetSettingsInput? input, List<string> problems)
    {
        var defaults = new TenantWidgetSettings();
        if (input is null)
        {
            return defaults;
        }

        var color = input.PrimaryColor?.Trim() ?? defaults.PrimaryColor;
        if (!HexColor().IsMatch(color))
        {
            problems.Add("widget.primaryColor must be a color as #rrggbb.");
        }

        var position = OneOf(problems, "widget.position", input.Position, Positions, defaults.Position);
        var scheme = OneOf(problems, "widget.colorScheme", input.ColorScheme, ColorSchemes, defaults.ColorScheme);
        var title = OptionalText(problems, "widget.title", input.Title, 60);
        var launcher = OptionalText(problems, "widget.launcherLabel", input.LauncherLabel, 40);
        var avatar = string.IsNullOrWhiteSpace(input.AvatarUrl) ? null : input.AvatarUrl.Trim();
        if (avatar is not null && !IsAllowedAvatar(avatar))
        {
            problems.Add($"widget.avatarUrl must be an absolute https URL, a path starting with \"/\", or a data:image/(png|jpeg|svg+xml|webp);base64 URL of at most {MaxDataUrlLength / 1024} KB.");
        }

        var suggested = Choices(problems, "widget.suggestedPrompts", input.SuggestedPrompts);
        var quick = Choices(problems, "widget.quickReplies", input.QuickReplies);
        return new TenantWidgetSettings
        {
            SuggestedPrompts = suggested,
            QuickReplies = quick,
            PrimaryColor = color.ToLowerInvariant(),
            Position = position,
            ColorScheme = scheme,
            Title = title,
            LauncherLabel = launcher,
            AvatarUrl = avatar,
        };
    }

    private static string OneOf(List<string> problems, string name, string? value, string[] allowed, string fallback)
    {
        var chosen = value?.Trim() ?? fallback;
        if (!allowed.Contains(chosen, StringComparer.Ordinal))
        {
            problems.Add($"{name} must be one of {string.Join(", ", allowed)}.");
        }

        return chosen;
    }

    /// <summary>Up to <see cref="MaxChoices"/> short texts a visitor picks from (suggested prompts, quick replies).</summary>
    private static List<string> Choices(List<string> problems, string name, IReadOnlyList<string?>? values)
    {
        var texts = (values ?? []).Select(v => v?.Trim() ?? "").ToList();
        if (texts.Count > MaxChoices || texts.Any(t => t.Length is 0 or > MaxChoiceLength || t.Any(char.IsControl)))
        {
            problems.Add($"{name} must hold at most {MaxChoices} texts of 1 to {MaxChoiceLength} characters, without control characters.");
        }

        return texts;
    }

    private static string? OptionalText(List<string> problems, string name, string? value, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > max || text.Any(char.IsControl))
        {
            problems.Add($"{name} must be at most {max} characters, without control characters.");
        }

        return text;
    }

    private static bool IsAllowedAvatar(string url)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return url.Length <= MaxDataUrlLength && ImageDataUrl().IsMatch(url);
        }

        if (url.Length > MaxUrlLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>' or '\\'))
        {
            return false;
        }

        if (url.StartsWith('/'))
        {
            // "//host/x" would be another site's URL, not a path on the widget's own host.
            return !url.StartsWith("//", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Relative, out _);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0 && uri.Host.Length > 0;
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();

    [GeneratedRegex("^data:image/(png|jpeg|svg\\+xml|webp);base64,[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex ImageDataUrl();
}
