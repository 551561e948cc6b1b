using System.Collections.Concurrent;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Engine;

/// <summary>The persona a tenant's users meet.</summary>
public interface IPersonaSource
{
    /// <summary>The tenant's coach name and tone, or the configured default.</summary>
    ValueTask<PersonaOptions> GetAsync(TenantId tenant, CancellationToken cancellationToken);
}

/// <summary>
/// Reads the persona from the tenant's settings when a tenant store is registered, caching it briefly so a turn does not
/// cost a database read; falls back to <c>Coaching:Persona</c>.
/// </summary>
public sealed class TenantPersonaSource(IOptions<CoachingOptions> options, TimeProvider timeProvider, ITenantStore? tenants = null) : IPersonaSource
{
    /// <summary>How long a tenant's persona is reused before it is read again.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TenantId, (PersonaOptions Persona, DateTimeOffset ReadAt)> _cache = new();

    public async ValueTask<PersonaOptions> GetAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        if (tenants is null)
        {
            return options.Value.Persona;
        }

        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(tenant, out var cached) && now - cached.ReadAt < CacheDuration)
        {
            return cached.Persona;
        }

        var settings = (await tenants.GetTenantAsync(tenant, cancellationToken))?.Settings.Persona;
        var persona = settings is null
            ? options.Value.Persona
            : new PersonaOptions { CoachName = settings.CoachName, Tone = settings.Tone };
        _cache[tenant] = (persona, now);
        return persona;
    }
}
