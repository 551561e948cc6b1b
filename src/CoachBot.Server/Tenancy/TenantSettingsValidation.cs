using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Tenancy;

namespace CoachBot.Server.Tenancy;

/// <summary>Turns client-written settings into stored ones, refusing every bad value at once with <c>settings_invalid</c>.</summary>
internal static class TenantSettingsValidation
{
    public static (string DisplayName, TenantSettings Settings, TenantSecretChanges Secrets) Validate(string? displayName, TenantSettingsInput? input)
    {
        var problems = new List<string>();
        input ??= new TenantSettingsInput();
        var persona = input.Persona ?? new TenantPersona();
        var model = input.Model ?? new ModelSettingsInput();
        var quotas = input.Quotas ?? new TenantQuotas();
        var origins = input.AllowedOrigins ?? [];

        Text(problems, "displayName", displayName, 1, 120);
        Text(problems, "persona.coachName", persona.CoachName, 1, 60);
        Text(problems, "persona.tone", persona.Tone, 1, 120);
        Text(problems, "persona.greeting", persona.Greeting, 0, 500);
        if (persona.DefaultRole is not null)
        {
            Text(problems, "persona.defaultRole", persona.DefaultRole, 1, 80);
        }
        var provider = model.Provider ?? TenantModelProviders.Platform;
        if (!TenantModelProviders.All.Contains(provider))
        {
            problems.Add($"model.provider must be one of {string.Join(", ", TenantModelProviders.All)}.");
        }

        if (model.Endpoint is not null && !IsHttpUrl(model.Endpoint, out _))
        {
            problems.Add("model.endpoint must be an absolute http or https URL.");
        }

        if (model.ModelId is not null)
        {
            Text(problems, "model.modelId", model.ModelId, 1, 200);
        }

        if (model.ApiKey is { Length: > 4096 })
        {
            problems.Add("model.apiKey must be at most 4096 characters.");
        }

        if (quotas.MessagesPerUserPerDay < 0)
        {
            problems.Add("quotas.messagesPerUserPerDay must not be negative.");
        }

        if (quotas.ModelTokensPerDay < 0)
        {
            problems.Add("quotas.modelTokensPerDay must not be negative.");
        }

        var normalizedOrigins = new List<string>();
        if (origins.Count > 50)
        {
            problems.Add("allowedOrigins may list at most 50 origins.");
        }

        foreach (var origin in origins)
        {
            if (TryNormalizeOrigin(origin, out var normalized))
            {
                normalizedOrigins.Add(normalized);
            }
            else
            {
                problems.Add($"allowedOrigins: '{Truncate(origin)}' is not an absolute http or https origin (scheme://host[:port], no path).");
            }
        }

        var retention = input.RetentionDays ?? new TenantSettings().RetentionDays;
        if (retention is < 1 or > 3650)
        {
            problems.Add("retentionDays must be between 1 and 3650.");
        }

        var (channels, channelSecrets) = ChannelSettingsValidation.Validate(input.Channels, problems);
        var widget = WidgetSettingsValidation.Validate(input.Widget, problems);
        if (problems.Count > 0)
        {
            throw new CoachBotException(ErrorCodes.SettingsInvalid, string.Join(" ", problems));
        }

        var settings = new TenantSettings
        {
            Persona = persona,
            Model = new TenantModelSettings { Provider = provider, Endpoint = model.Endpoint, ModelId = model.ModelId },
            Quotas = quotas,
            AllowedOrigins = [.. normalizedOrigins.Distinct(StringComparer.Ordinal)],
            RetentionDays = retention,
            Channels = channels,
            Widget = widget,
        };
        return (displayName!.Trim(), settings, channelSecrets with { ModelApiKey = SecretChangeOf(model.ApiKey) });
    }

    /// <summary>The write semantics of every secret: null keeps the stored value, "" removes it, anything else replaces it.</summary>
    public static SecretChange? SecretChangeOf(string? value) => value switch
    {
        null => null,
        "" => SecretChange.Clear,
        var given => new SecretChange(given),
    };

    private static void Text(List<string> problems, string name, string? value, int min, int max)
    {
        var length = value?.Trim().Length ?? -1;
        if (length < min || length > max)
        {
            problems.Add($"{name} must be {min}-{max} characters.");
        }
    }

    private static bool IsHttpUrl(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.UserInfo.Length == 0;

    private static bool TryNormalizeOrigin(string? text, out string origin)
    {
        origin = "";
        if (text is null || !IsHttpUrl(text, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        return true;
    }

    private static string Truncate(string? text) => text is null ? "null" : text.Length <= 60 ? text : text[..60] + "…";
}
