using CoachBot.Coaching.Engine;
using CoachBot.Ids;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Providers;

/// <summary>Which chat model writes a tenant's replies.</summary>
public interface ITenantChatModelResolver
{
    /// <summary>
    /// The tenant's chat model, or null for the deployment's configured model (<c>Coaching:Model</c>). Throws
    /// <see cref="CoachingFailedException"/>, with a message fit for the user, when the tenant's model settings cannot be used.
    /// </summary>
    ValueTask<IChatCompletionService?> ResolveAsync(TenantId tenant, CancellationToken cancellationToken);
}

/// <summary>Every tenant on the deployment's configured model; the host replaces it with each tenant's own settings.</summary>
public sealed class PlatformChatModelResolver : ITenantChatModelResolver
{
    public ValueTask<IChatCompletionService?> ResolveAsync(TenantId tenant, CancellationToken cancellationToken) => ValueTask.FromResult<IChatCompletionService?>(null);
}
