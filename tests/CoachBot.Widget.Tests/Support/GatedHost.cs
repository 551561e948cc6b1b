using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Widget.Tests.Support;

/// <summary>A host whose offline model holds its first reply after a few chunks until the test releases it.</summary>
public static class GatedHost
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task<(TestHost Host, GatedChatModel Gated)> StartAsync(string data, int chunksBeforeGate, IDictionary<string, string?>? settings = null)
    {
        GatedChatModel? gated = null;
        var host = await TestHost.StartAsync(
            data,
            services => services.AddSingleton<IChatCompletionService>(sp =>
                gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate)),
            settings);
        // The model is created on first use; resolve it now so the test holds the same instance.
        _ = host.Services.GetRequiredService<IChatCompletionService>();
        return (host, gated!);
    }
}
