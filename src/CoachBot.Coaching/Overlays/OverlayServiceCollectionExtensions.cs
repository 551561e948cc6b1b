using CoachBot.Coaching.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Coaching.Overlays;

/// <summary>Registers tenant role-content overlays.</summary>
public static class OverlayServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="TenantRoleOverlays"/>, their retrieval documents and the service that loads them at start and keeps
    /// them in step with the store. Needs an <see cref="Tenancy.IRoleOverlayStore"/> and the coaching services.
    /// </summary>
    public static IServiceCollection AddRoleOverlays(this IServiceCollection services)
    {
        services.AddSingleton<TenantRoleOverlays>();
        services.AddSingleton<IRetrievalDocumentSource, TenantOverlayDocumentSource>();
        services.AddHostedService<RoleOverlaySyncService>();
        return services;
    }
}
