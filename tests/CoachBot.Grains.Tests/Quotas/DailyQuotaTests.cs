using CoachBot.Conversations;
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

    private static TenantId NewTenant() => TenantId.Parse("quota-" + Guid.NewGuid().ToString("N")[..12]);
}
