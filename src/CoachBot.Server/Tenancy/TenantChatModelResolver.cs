using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Providers;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tenancy;

/// <summary>
/// Each tenant's chat model from its settings (read through the same short cache as the persona and quotas, which a
/// settings change drops at once) and its decrypted model API key. The built model is kept per tenant with the settings
/// version it was built for, so a steady turn neither reads nor decrypts the key; a change of the settings or of the key
/// alone moves the version, and the next turn on this host (within the cache lifetime on others) reads the key again. The
/// connector is rebuilt only when a fingerprint of provider, endpoint, model and key differs.
/// </summary>
internal sealed partial class TenantChatModelResolver(
    CachedTenantSettings tenants, ITenantStore store, ChatModelFactory factory, ILogger<TenantChatModelResolver> logger) : ITenantChatModelResolver
{
    public const string KeyUnreadableMessage =
        "This coach's model key cannot be read on the server right now. Please tell your administrator; your message is saved.";

    private readonly ConcurrentDictionary<TenantId, BuiltModel> _models = new();

    public async ValueTask<IChatCompletionService?> ResolveAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var (settings, version) = await tenants.GetVersionedAsync(tenant, cancellationToken);
        var model = settings.Model;
        if (model.Provider == TenantModelProviders.Platform)
        {
            _models.TryRemove(tenant, out _);
            return null;
        }

        _models.TryGetValue(tenant, out var cached);
        if (cached is not null && cached.Version == version && cached.Settings == model)
        {
            return cached.Model;
        }

        string? apiKey = null;
        if (LlmProviderNames.IsRemote(model.Provider))
        {
            try
            {
                apiKey = await store.GetModelApiKeyAsync(tenant, cancellationToken);
            }
            catch (TenantSecretUnavailableException)
            {
                // Logged where decryption failed, with the tenant and the kind of secret.
                throw new CoachingFailedException(KeyUnreadableMessage);
            }
        }

        var chatSettings = new ChatModelSettings(model.Provider, model.Endpoint, model.ModelId, apiKey);
        var fingerprint = Fingerprint(chatSettings);
        if (cached is not null && cached.Fingerprint == fingerprint)
        {
            // Something else changed (the persona, say): the connector stays, now known to match this version.
            _models[tenant] = cached with { Version = version, Settings = model };
            return cached.Model;
        }

        IChatCompletionService built;
        try
        {
            built = factory.Create(chatSettings);
        }
        catch (ChatModelSettingsException ex)
        {
            throw new CoachingFailedException(
                $"This coach's model is not set up correctly: {ex.Message} Please tell your administrator; your message is saved.", ex);
        }

        // Recorded under the version read before the key: a change that lands in between moves the version again.
        _models[tenant] = new BuiltModel(version, model, fingerprint, built);
        LogModelBuilt(tenant.Value, model.Provider, model.ModelId);
        return built;
    }

    /// <summary>A hash of everything the connector is built from, the key included, so the key itself is not kept as a cache key.</summary>
    private static string Fingerprint(ChatModelSettings settings) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', settings.Provider, settings.Endpoint ?? "", settings.ModelId ?? "", settings.ApiKey ?? ""))));

    private sealed record BuiltModel(TenantSettingsVersion Version, TenantModelSettings Settings, string Fingerprint, IChatCompletionService Model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat model for {TenantId} is now {Provider} {ModelId}")]
    private partial void LogModelBuilt(string tenantId, string provider, string? modelId);
}
