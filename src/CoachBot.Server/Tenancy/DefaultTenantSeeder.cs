using CoachBot.Coaching;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Tenancy;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Tenancy;

/// <summary>
/// Creates the default tenant on first start, from configuration, so a bare <c>dotnet run</c> has a tenant for its
/// anonymous sessions. Once created it is only changed through the API; a restart never overwrites it.
/// </summary>
internal sealed class DefaultTenantSeeder(
    ITenantStore store, IOptions<TenancyOptions> tenancy, IOptions<CoachingOptions> coaching, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var id = TenantId.Parse(tenancy.Value.DefaultTenantId);
        if (await store.GetTenantAsync(id, cancellationToken) is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var persona = coaching.Value.Persona;
        var settings = new TenantSettings { Persona = new TenantPersona { CoachName = persona.CoachName, Tone = persona.Tone, Greeting = persona.Greeting, DefaultRole = string.IsNullOrWhiteSpace(persona.DefaultRole) ? null : persona.DefaultRole.Trim() } };
        // False when another host created it first, which is just as good.
        await store.CreateTenantAsync(new Tenant(id, tenancy.Value.DefaultTenantDisplayName, settings, false, now, now), null, AuditActor.System, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
