using CoachBot.Coaching;
using CoachBot.Coaching.Engine;
using CoachBot.Ids;

namespace CoachBot.Server.Tenancy;

/// <summary>
/// The persona from the tenant's settings, read through the same short cache as quotas and origins, so a settings change
/// reaches replies as soon as it reaches the limits.
/// </summary>
internal sealed class TenantPersonaSource(CachedTenantSettings tenants) : IPersonaSource
{
    public async ValueTask<PersonaOptions> GetAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var persona = (await tenants.GetAsync(tenant, cancellationToken)).Persona;
        return new PersonaOptions { CoachName = persona.CoachName, Tone = persona.Tone, DefaultRole = persona.DefaultRole };
    }
}
