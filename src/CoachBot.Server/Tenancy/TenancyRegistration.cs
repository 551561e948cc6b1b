namespace CoachBot.Server.Tenancy;

/// <summary>Tenants: the default one created on first start. The store itself is part of storage.</summary>
internal static class TenancyRegistration
{
    public static WebApplicationBuilder AddTenancy(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DefaultTenantSeeder>();
        return builder;
    }
}
