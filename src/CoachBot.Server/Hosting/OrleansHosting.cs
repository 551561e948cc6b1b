using CoachBot.Storage;
using Orleans.Configuration;

namespace CoachBot.Server.Hosting;

internal static class OrleansHosting
{
    /// <summary>Co-hosts an Orleans silo in the web app, clustered on localhost, with CoachBot's relational grain storage.</summary>
    public static WebApplicationBuilder AddCoachBotSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.BindValidated<OrleansHostOptions>(OrleansHostOptions.SectionName);
        builder.Host.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.Services.AddCoachBotGrainStorage();
            // Grain calls carry the caller's trace context, so a turn's spans join the hub invocation that started it.
            silo.AddActivityPropagation();
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        });
        return builder;
    }
}
