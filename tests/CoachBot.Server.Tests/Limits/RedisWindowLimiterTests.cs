using CoachBot.Ids;
using CoachBot.Server.Cluster;
using CoachBot.Server.Hosting;
using CoachBot.Server.Limits;
using CoachBot.Server.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Tests.Limits;

/// <summary>The per-user and per-tenant limits of a cluster, counted in the test Redis by two hosts' limiters.</summary>
public sealed class RedisWindowLimiterTests
{
    private static readonly TenantId Tenant = TenantId.Parse("acme");

    [Fact]
    public void Two_hosts_draw_from_one_budget_per_user_and_per_tenant()
    {
        if (ClusterNodes.RequireRedis() is not { } redis)
        {
            return;
        }

        var service = "limits-" + Guid.NewGuid().ToString("N")[..8];
        var limits = new RateLimitOptions { PerUserPermitLimit = 5, PerTenantPermitLimit = 8, Window = TimeSpan.FromHours(1) };
        using var first = Connect(redis, service, TimeSpan.FromSeconds(2));
        using var second = Connect(redis, service, TimeSpan.FromSeconds(2));
        using var hostA = new UserRateLimiter(Options.Create(limits), TimeProvider.System, NullLogger<UserRateLimiter>.Instance, first);
        using var hostB = new UserRateLimiter(Options.Create(limits), TimeProvider.System, NullLogger<UserRateLimiter>.Instance, second);
        var alice = new UserKey(Tenant, UserId.Parse("alice"));
        var bob = new UserKey(Tenant, UserId.Parse("bob"));

        // Alice alternates between the hosts: five calls in all, not five per host.
        var alices = Enumerable.Range(0, 10).Count(call => Granted((call % 2 == 0 ? hostA : hostB).Acquire(alice)));
        // Bob has a budget of his own, but the tenant's eight are shared: three are left for him.
        var bobs = Enumerable.Range(0, 10).Count(call => Granted((call % 2 == 0 ? hostB : hostA).Acquire(bob)));

        Assert.Equal((5, 3), (alices, bobs));
        using var refused = hostA.Acquire(bob);
        Assert.True(UserRateLimiter.RetryAfterSeconds(refused) > 1, "a refusal says when the window ends");
    }

    [Fact]
    public void Without_Redis_each_host_keeps_counting_on_its_own()
    {
        // Nothing listens on port 1: the limiter fails over to this host's windows instead of refusing or allowing everything.
        var limits = new RateLimitOptions { PerUserPermitLimit = 3, PerTenantPermitLimit = 100, Window = TimeSpan.FromHours(1) };
        using var unreachable = Connect("127.0.0.1:1", "limits-down", TimeSpan.FromMilliseconds(200));
        using var host = new UserRateLimiter(Options.Create(limits), TimeProvider.System, NullLogger<UserRateLimiter>.Instance, unreachable);
        var alice = new UserKey(Tenant, UserId.Parse("alice"));

        var granted = Enumerable.Range(0, 5).Count(_ => Granted(host.Acquire(alice)));

        Assert.Equal(3, granted);
    }

    private static RedisConnection Connect(string redis, string service, TimeSpan timeout) => new(
        Options.Create(new RedisOptions { ConnectionString = redis, CommandTimeout = timeout }),
        Options.Create(new OrleansHostOptions { Membership = OrleansHostOptions.Redis, ServiceId = service }));

    private static bool Granted(System.Threading.RateLimiting.RateLimitLease lease)
    {
        using (lease)
        {
            return lease.IsAcquired;
        }
    }
}
