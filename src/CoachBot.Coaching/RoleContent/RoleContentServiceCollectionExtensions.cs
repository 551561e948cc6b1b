using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Registers the role content library.</summary>
public static class RoleContentServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="RoleContentOptions"/> (validated on start) and the <see cref="RoleContentLibrary"/> singleton, loaded from
    /// the configured folder. The library is loaded when the host starts, so a malformed page stops the app at start.
    /// </summary>
    public static IServiceCollection AddRoleContent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoleContentOptions>()
            .Bind(configuration.GetSection(RoleContentOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(provider => new RoleContentLibrary(
            RoleContentLoader.LoadDirectory(provider.GetRequiredService<IOptions<RoleContentOptions>>().Value.ResolveContentDirectory())));
        services.AddHostedService<RoleContentStartupLoad>();
        return services;
    }
}

/// <summary>Loads the role content library when the host starts, so a malformed page fails the start rather than the first request.</summary>
internal sealed class RoleContentStartupLoad(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<RoleContentLibrary>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
