using CoachBot.Conversations;
using CoachBot.Grains.Quotas;
using CoachBot.Grains.Tests.Support;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Grains.Tests.Quotas;

[Collection(FakeClockClusterCollection.Name)]
public sealed class DailyQuotaTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task N_messages_a_day_are_allowed_the_next_is_refused_until_midnight()
    {
        var tenant = NewTenant();
        fixture.Limits.Set(tenant, new TenantQuotas { MessagesPerUserPerDay = 3 });
        var grain = fixture.UserGrain(new UserKey(tenant, UserId.Parse("alice")));
        for (var i = 0; i < 3; i++)
        {
            await grain.ReadToEndAsync((await grain.StartTurnAsync($"Question {i}")).TurnId);
        }

        var expected = SecondsUntilMidnight();
        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.StartTurnAsync("One too many"));
        Assert.Equal(ErrorCodes.QuotaExceeded, refused.Code);
        Assert.Equal(expected, refused.RetryAfterSeconds);
        Assert.EndsWith($"retry after {expected} s.", refused.Message, StringComparison.Ordinal);

        // Another user of the same tenant has a quota of their own.
        var other = fixture.UserGrain(new UserKey(tenant, UserId.Parse("bob")));
        await other.ReadToEndAsync((await other.StartTurnAsync("My first")).TurnId);

        fixture.Clock.Advance(TimeSpan.FromSeconds(expected));
        var started = await grain.StartTurnAsync("A new day");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(started.TurnId)).End.Status);
    }

    [Fact]
    public async Task A_tenant_over_its_daily_token_budget_is_refused_until_midnight()
    {
        var tenant = NewTenant();
        fixture.Limits.Set(tenant, new TenantQuotas { ModelTokensPerDay = 100 });
        var alice = fixture.UserGrain(new UserKey(tenant, UserId.Parse("alice")));
        await alice.ReadToEndAsync((await alice.StartTurnAsync("tokens:60 first")).TurnId);
        await alice.ReadToEndAsync((await alice.StartTurnAsync("tokens:60 second")).TurnId);

        var bob = fixture.UserGrain(new UserKey(tenant, UserId.Parse("bob")));
        var expected = SecondsUntilMidnight();
        var refused = await Assert.ThrowsAsync<CoachBotException>(() => bob.StartTurnAsync("Anything left?"));
        Assert.Equal((ErrorCodes.QuotaExceeded, (int?)expected), (refused.Code, refused.RetryAfterSeconds));

        fixture.Clock.Advance(TimeSpan.FromSeconds(expected));
        await bob.ReadToEndAsync((await bob.StartTurnAsync("A new day")).TurnId);
    }

    [Fact]
    public async Task A_quota_of_zero_means_no_limit()
    {
        var tenant = NewTenant();
        fixture.Limits.Set(tenant, new TenantQuotas { MessagesPerUserPerDay = 0, ModelTokensPerDay = 0 });
        var grain = fixture.UserGrain(new UserKey(tenant, UserId.Parse("alice")));

        for (var i = 0; i < 3; i++)
        {
            var started = await grain.StartTurnAsync($"tokens:500 question {i}");
            Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(started.TurnId)).End.Status);
        }
    }

    private int SecondsUntilMidnight()
    {
        var now = fixture.Clock.GetUtcNow();
        return (int)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds);
    }

    [Fact]
    public async Task Tokens_counted_on_a_silo_reach_the_tenants_stored_total_when_its_counter_flushes()
    {
        var tenant = NewTenant();
        var counter = fixture.Grains.GetGrain<ITenantUsageCounterGrain>(tenant.Value);
        await counter.AddTokensAsync(40);
        await counter.AddTokensAsync(2);
        Assert.Equal(42, await counter.GetTokensTodayAsync());

        // An idle counter is collected like any activation and flushes on the way out; the next one starts from the total.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Equal(42, await fixture.Grains.GetGrain<ITenantUsageGrain>(tenant.Value).GetTokensTodayAsync());
        await counter.AddTokensAsync(8);
        Assert.Equal(50, await counter.GetTokensTodayAsync());
    }

    private static TenantId NewTenant() => TenantId.Parse("quota-" + Guid.NewGuid().ToString("N")[..12]);
}
