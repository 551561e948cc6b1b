using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Offline;
using CoachBot.Coaching.Providers;
using CoachBot.Ids;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel.ChatCompletion;
using static CoachBot.Coaching.Tests.Providers.ProviderTestHost;

namespace CoachBot.Coaching.Tests.Providers;

/// <summary>The engine writes with the model the tenant resolver names, built by <see cref="ChatModelFactory"/> over the resilient client.</summary>
public sealed class TenantChatModelTests
{
    [Theory]
    [InlineData("openai", null, "gpt-4o-mini", null, "an API key")]
    [InlineData("openai", null, null, "sk-x", "a model id")]
    [InlineData("azure-openai", null, "deployment", "key", "an endpoint URL")]
    [InlineData("openai-compatible", "http://127.0.0.1:1/v1", null, null, "a model id")]
    [InlineData("gpt-magic", null, null, null, "not a chat model provider")]
    public void Incomplete_settings_name_what_is_missing_and_never_the_key(string provider, string? endpoint, string? modelId, string? key, string expected)
    {
        using var services = Build(new Dictionary<string, string?>());
        var factory = services.GetRequiredService<ChatModelFactory>();

        var error = Assert.Throws<ChatModelSettingsException>(() => factory.Create(new ChatModelSettings(provider, endpoint, modelId, key)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_settings_give_the_offline_coach()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.Same(services.GetRequiredService<OfflineCoachModel>(), services.GetRequiredService<ChatModelFactory>().Create(new ChatModelSettings("offline", null, null, null)));
    }

    [Fact]
    public async Task The_engine_streams_from_the_resolved_model_while_the_configured_one_stays_offline()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Enqueue(ScriptedReply.Stream(["From ", "the tenant's ", "model."]));
        using var services = Build(new Dictionary<string, string?>(), configure: collection =>
            collection.Replace(ServiceDescriptor.Singleton<ITenantChatModelResolver>(sp => new FixedResolver(
                sp.GetRequiredService<ChatModelFactory>().Create(new ChatModelSettings("openai-compatible", server.V1.AbsoluteUri, "tenant-model", "sk-tenant-key"))))));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.Null(outcome.Failure);
        Assert.Equal("From the tenant's model.", outcome.Text);
        Assert.Equal("Bearer sk-tenant-key", Assert.Single(server.Requests).Header("Authorization"));
        Assert.IsType<OfflineCoachModel>(services.GetRequiredService<IChatCompletionService>());
    }

    [Fact]
    public async Task A_resolver_refusal_fails_the_turn_with_its_message()
    {
        using var services = Build(new Dictionary<string, string?>(), configure: collection =>
            collection.Replace(ServiceDescriptor.Singleton<ITenantChatModelResolver>(new FixedResolver(null, "The model is not set up."))));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.Empty(outcome.Updates);
        Assert.Equal("The model is not set up.", Assert.IsType<CoachingFailedException>(outcome.Failure).Message);
    }

    private sealed class FixedResolver(IChatCompletionService? model, string? refusal = null) : ITenantChatModelResolver
    {
        public ValueTask<IChatCompletionService?> ResolveAsync(TenantId tenant, CancellationToken cancellationToken) =>
            refusal is null ? ValueTask.FromResult(model) : throw new CoachingFailedException(refusal);
    }
}
