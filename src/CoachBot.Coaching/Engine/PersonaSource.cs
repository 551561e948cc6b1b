using CoachBot.Ids;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Engine;

/// <summary>The persona a tenant's users meet.</summary>
public interface IPersonaSource
{
    /// <summary>The tenant's coach name and tone, or the configured default.</summary>
    ValueTask<PersonaOptions> GetAsync(TenantId tenant, CancellationToken cancellationToken);
}

/// <summary>The configured persona (<c>Coaching:Persona</c>) for every tenant; the host replaces it with tenants' own settings.</summary>
public sealed class ConfiguredPersonaSource(IOptions<CoachingOptions> options) : IPersonaSource
{
    public ValueTask<PersonaOptions> GetAsync(TenantId tenant, CancellationToken cancellationToken) => ValueTask.FromResult(options.Value.Persona);
}
