using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Grains.Tests.Support;

/// <summary>A cluster whose grains read the time from a <see cref="FakeTimeProvider"/> the tests move forward.</summary>
public sealed class FakeClockClusterFixture : ClusterFixture
{
    public FakeClockClusterFixture()
        : this(new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 22, 0, 0, TimeSpan.Zero)))
    {
    }

    private FakeClockClusterFixture(FakeTimeProvider clock)
        : base(services => services.AddSingleton<TimeProvider>(clock))
    {
        Clock = clock;
    }

    /// <summary>Starts at 22:00 UTC; tests advance it past midnight.</summary>
    public FakeTimeProvider Clock { get; }
}

[CollectionDefinition(Name)]
public sealed class FakeClockClusterCollection : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "cluster-fake-clock";
}
