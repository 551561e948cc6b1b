using CoachBot.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Tests.Hosting;

/// <summary>What a cluster needs is checked before the host starts, with messages that name the key to set.</summary>
public sealed class ClusterSettingsTests
{
    [Fact]
    public void The_embedded_default_needs_nothing()
    {
        var options = Read([]);

        Assert.False(options.IsClustered);
        Assert.Equal((11111, 30000), (options.SiloPort, options.GatewayPort));
    }

    [Fact]
    public void Redis_membership_with_its_server_and_a_shared_data_folder_is_accepted()
    {
        var options = Read(new()
        {
            ["Orleans:Membership"] = "Redis",
            ["Orleans:AdvertisedAddress"] = "10.0.0.7",
            ["Redis:ConnectionString"] = "127.0.0.1:6379",
            ["Storage:DataDirectory"] = "/srv/coachbot",
        });

        Assert.True(options.IsClustered);
        Assert.Equal("10.0.0.7", options.AdvertisedIPAddress!.ToString());
    }

    [Theory]
    [InlineData("Orleans:Membership", "Zookeeper", "Membership")]
    [InlineData("Redis:ConnectionString", null, "Redis:ConnectionString is required")]
    [InlineData("Redis:ConnectionString", "127.0.0.1:6379,nosuchoption=1", "Redis:ConnectionString is not a valid")]
    [InlineData("Storage:DataDirectory", null, "Storage:DataDirectory is required")]
    [InlineData("Orleans:SiloPort", "0", "SiloPort")]
    [InlineData("Orleans:GatewayPort", "70000", "GatewayPort")]
    [InlineData("Orleans:GatewayPort", "11111", "SiloPort and GatewayPort must differ")]
    [InlineData("Orleans:AdvertisedAddress", "silo-1.internal", "AdvertisedAddress must be an IP address")]
    public void A_cluster_setting_that_cannot_work_stops_the_host_naming_it(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:Membership"] = "Redis",
            ["Redis:ConnectionString"] = "127.0.0.1:6379",
            ["Storage:DataDirectory"] = "/srv/coachbot",
            [key] = value,
        };

        var refused = Assert.Throws<OptionsValidationException>(() => Read(settings));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_advertised_address_needs_redis_membership()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Read(new() { ["Orleans:AdvertisedAddress"] = "10.0.0.7" }));

        Assert.Contains("AdvertisedAddress applies only to Membership=Redis", refused.Message, StringComparison.Ordinal);
    }

    private static OrleansHostOptions Read(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().ReadClusterSettings();
}
