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
/// settings change drops at once) and its decrypted model API key. Built models are kept per tenant under a fingerprint of
/// the settings and the key, so a turn reuses the connector until either changes and the next turn after a change uses the new one.
/// </summary>
internal sealed partial class TenantChatModelResolver(
    CachedTenantSettings tenants, ITenantStore store, ChatModelFactory factory, ILogger<TenantChatModelResolver> logger) : ITenantChatModelResolver
{
    public const string KeyUnreadableMessage =
        "This coach's model key cannot be read on the server right now. Please tell your administrator; your message is saved.";

    private readonly ConcurrentDictionary<TenantId, (string Fingerprint, IChatCompletionService Model)> _models = new();

    public async ValueTask<IChatCompletionService?> ResolveAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var model = (await tenants.GetAsync(tenant, cancellationToken)).Model;
        if (model.Provider == TenantModelProviders.Platform)
        {
            _models.TryRemove(tenant, out _);
            return null;
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

        var settings = new ChatModelSettings(model.Provider, model.Endpoint, model.ModelId, apiKey);
        var fingerprint = Fingerprint(settings);
        if (_models.TryGetValue(tenant, out var cached) && cached.Fingerprint == fingerprint)
        {
            return cached.Model;
        }

        IChatCompletionService built;
        try
        {
            built = factory.Create(settings);
        }
        catch (ChatModelSettingsException ex)
        {
            throw new CoachingFailedException(
                $"This coach's model is not set up correctly: {ex.Message} Please tell your administrator; your message is saved.", ex);
        }

        _models[tenant] = (fingerprint, built);
        LogModelBuilt(tenant.Value, model.Provider, model.ModelId);
        return built;
    }

    /// <summary>A hash of everything the connector is built from, the key included, so the key itself is not kept as a cache key.</summary>
    private static string Fingerprint(ChatModelSettings settings) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', settings.Provider, settings.Endpoint ?? "", settings.ModelId ?? "", settings.ApiKey ?? ""))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat model for {TenantId} is now {Provider} {ModelId}")]
    private partial void LogModelBuilt(string tenantId, string provider, string? modelId);
}
