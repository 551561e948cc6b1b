using CoachBot.Grains.Quotas;
using CoachBot.Grains.Tests.Support;

namespace CoachBot.Grains.Tests.Quotas;

public sealed class UsageFlushOnStopTests
{
    [Fact]
    public async Task Tokens_a_silo_counted_but_had_not_flushed_reach_the_tenants_total_when_it_stops_gracefully()
    {
        var folder = Directory.CreateTempSubdirectory("coachbot-usage-");
        try
        {
            // No timed flush comes within the test: only the stop can carry the count.
            var settings = new Dictionary<string, string?> { ["Conversation:UsageFlushInterval"] = "00:10:00" };
            var first = ClusterFixture.Create(folder, _ => { }, settings);
            await first.DeployAsync(TestContext.Current.CancellationToken);
            await first.Client.GetGrain<ITenantUsageCounterGrain>("tenant-a").AddTokensAsync(1200);
            await first.Client.GetGrain<ITenantUsageCounterGrain>("tenant-a").AddTokensAsync(34);
            await first.Client.GetGrain<ITenantUsageCounterGrain>("tenant-b").AddTokensAsync(7);
            Assert.Equal(0, await first.Client.GetGrain<ITenantUsageGrain>("tenant-a").GetTokensTodayAsync());
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
            await first.DisposeAsync();

            var second = ClusterFixture.Create(folder, _ => { }, settings);
            await second.DeployAsync(TestContext.Current.CancellationToken);
            try
            {
                Assert.Equal(1234, await second.Client.GetGrain<ITenantUsageGrain>("tenant-a").GetTokensTodayAsync());
                Assert.Equal(7, await second.Client.GetGrain<ITenantUsageGrain>("tenant-b").GetTokensTodayAsync());
                Assert.Equal(1234, await second.Client.GetGrain<ITenantUsageCounterGrain>("tenant-a").GetTokensTodayAsync());
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
