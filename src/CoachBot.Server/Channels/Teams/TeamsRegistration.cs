namespace CoachBot.Server.Channels.Teams;

/// <summary>The Microsoft Teams adapter: Bot Framework authentication, the connector client, the workers and the endpoint.</summary>
internal static class TeamsRegistration
{
    public static IServiceCollection AddTeamsChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsOptions>()
            .Bind(configuration.GetSection(TeamsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        BotConnectorClient.Register(services);
        services.AddSingleton<BotFrameworkAuthenticator>();
        services.AddSingleton<BotConnectorTokens>();
        services.AddSingleton<BotConnectorClient>();
        services.AddSingleton<TeamsReplyWriter>();
        services.AddSingleton<TeamsActivityHandler>();
        services.AddSingleton<TeamsInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamsInbox>());
        return services;
    }

    public static IEndpointRouteBuilder MapTeamsChannel(this IEndpointRouteBuilder app) => app.MapTeamsEndpoints();
}
