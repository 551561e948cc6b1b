using System.Runtime.CompilerServices;
using CoachBot.Coaching.Providers;
using CoachBot.Ids;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// The kernel a tenant's prompts run on: the deployment's kernel, or one per tenant chat model that shares the
/// deployment's prompts (plugins) and services, with only the chat model swapped.
/// </summary>
public sealed class TenantKernels(Kernel kernel, ITenantChatModelResolver models)
{
    private readonly ConditionalWeakTable<IChatCompletionService, Kernel> _kernels = [];

    /// <summary>
    /// The tenant's chat model, or null for the deployment's configured one. Throws <see cref="CoachingFailedException"/>
    /// when the tenant's model settings cannot be used.
    /// </summary>
    public ValueTask<IChatCompletionService?> ResolveModelAsync(TenantId tenant, CancellationToken cancellationToken) =>
        models.ResolveAsync(tenant, cancellationToken);

    /// <summary>The kernel for <paramref name="model"/>; the deployment's kernel when it is null.</summary>
    public Kernel For(IChatCompletionService? model) =>
        model is null ? kernel : _kernels.GetValue(model, chat => new Kernel(new ChatModelServices(chat, kernel.Services), kernel.Plugins));

    /// <summary>The host's services with one chat model in place of the configured one.</summary>
    private sealed class ChatModelServices(IChatCompletionService chat, IServiceProvider services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IChatCompletionService) ? chat : services.GetService(serviceType);
    }
}
