using System.Text;
using CoachBot.Coaching.Engine;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api;

/// <summary>A tenant's persona settings reach the coach its users talk to.</summary>
public sealed class TenantPersonaTests
{
    [Fact]
    public async Task Users_of_a_tenant_meet_that_tenants_coach_and_other_tenants_keep_the_default()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var store = host.Services.GetRequiredService<ITenantStore>();
        var now = DateTimeOffset.UtcNow;
        var acme = TenantId.Parse("acme");
        var settings = new TenantSettings { Persona = new TenantPersona { CoachName = "Ada", Tone = "calm and precise" } };
        Assert.True(await store.CreateTenantAsync(new Tenant(acme, "Acme", settings, false, now, now), null, AuditActor.System, TestContext.Current.CancellationToken));

        var persona = await host.Services.GetRequiredService<IPersonaSource>().GetAsync(acme, TestContext.Current.CancellationToken);
        Assert.Equal(("Ada", "calm and precise"), (persona.CoachName, persona.Tone));

        Assert.Contains("Hi, I'm Ada", await GreetAsync(host, acme), StringComparison.Ordinal);
        Assert.Contains("Hi, I'm CoachBot", await GreetAsync(host, TenantId.Parse("default")), StringComparison.Ordinal);
    }

    private static async Task<string> GreetAsync(TestHost host, TenantId tenant)
    {
        var engine = host.Services.GetRequiredService<ICoachingEngine>();
        var request = new CoachingRequest(new UserKey(tenant, UserId.Parse("u1")), TurnId.New(), CareerProfile.Empty, [], "Hello");
        var text = new StringBuilder();
        await foreach (var update in engine.StreamReplyAsync(request, TestContext.Current.CancellationToken))
        {
            text.Append(update.Delta);
        }

        return text.ToString();
    }
}
