using CoachBot.Coaching.Retrieval;

[assembly: AssemblyFixture(typeof(CoachBot.Coaching.Tests.Support.SharedCoachingKit))]

namespace CoachBot.Coaching.Tests.Support;

/// <summary>One started coaching kit (retrieval index built once) for every test in the assembly that needs the full engine.</summary>
public sealed class SharedCoachingKit : IAsyncLifetime
{
    public CoachingKit Kit { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Kit.StartAsync();
        await Kit.Get<HybridRetriever>().WaitUntilReadyAsync();
    }

    public ValueTask DisposeAsync() => Kit.DisposeAsync();
}
