using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Providers;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachBot.Server.Tenancy;

/// <summary>Tenants: the default one created on first start, and their settings cached for quotas, origins, persona and model. The store itself is part of storage.</summary>
internal static class TenancyRegistration
{
    public static WebApplicationBuilder AddTenancy(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DefaultTenantSeeder>();
        builder.Services.AddSingleton<CachedTenantSettings>();
        builder.Services.AddSingleton<ITenantLimits>(sp => sp.GetRequiredService<CachedTenantSettings>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IPersonaSource, TenantPersonaSource>());
        builder.Services.Replace(ServiceDescriptor.Singleton<ITenantChatModelResolver, TenantChatModelResolver>());
        return builder;
    }
}
