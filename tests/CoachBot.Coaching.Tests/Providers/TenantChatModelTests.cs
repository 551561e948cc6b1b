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
    /// <summary>The local model server of these tests runs on loopback, which tenant models may only reach when listed.</summary>
    private static readonly Dictionary<string, string?> LoopbackAllowed = new() { ["Coaching:Llm:AllowedPrivateEndpoints:0"] = "127.0.0.1" };
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
        using var services = Build(LoopbackAllowed, configure: collection =>
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

    [Theory]
    [InlineData("http://127.0.0.1:8080/v1")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://10.1.2.3/v1")]
    [InlineData("http://192.168.0.10:11434/v1")]
    [InlineData("http://[::1]:8080/v1")]
    [InlineData("http://0.0.0.0:8080/v1")]
    public void A_tenant_endpoint_on_the_machines_own_network_is_refused_before_any_connection(string endpoint)
    {
        using var services = Build(new Dictionary<string, string?>());

        var error = Assert.Throws<ChatModelSettingsException>(() => services.GetRequiredService<ChatModelFactory>().Create(new ChatModelSettings("openai-compatible", endpoint, "m", "sk-tenant-key")));

        Assert.Contains("private, loopback or link-local", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_and_the_server_never_sees_the_prompt()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Enqueue(ScriptedReply.Stream(["never ", "sent"]));
        var byName = new UriBuilder(server.V1) { Host = "localhost" }.Uri;
        using var services = Build(new Dictionary<string, string?> { ["Coaching:Llm:MaxRetries"] = "2" }, configure: collection =>
            collection.Replace(ServiceDescriptor.Singleton<ITenantChatModelResolver>(sp => new FixedResolver(
                sp.GetRequiredService<ChatModelFactory>().Create(new ChatModelSettings("openai-compatible", byName.AbsoluteUri, "tenant-model", "sk-tenant-key"))))));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("10.20.0.0/16", "10.20.5.6", true)]
    [InlineData("10.20.0.0/16", "10.21.0.1", false)]
    [InlineData("", "100.64.0.1", false)]
    [InlineData("", "172.20.1.1", false)]
    [InlineData("", "::ffff:127.0.0.1", false)]
    [InlineData("", "fd00::1", false)]
    [InlineData("", "fe80::1", false)]
    [InlineData("", "93.184.216.34", true)]
    [InlineData("", "2606:4700::6810:85e5", true)]
    public void The_guard_allows_public_addresses_and_only_the_listed_internal_ones(string allowed, string address, bool expected) =>
        Assert.Equal(expected, new OutboundAddressGuard(allowed.Length == 0 ? [] : [allowed]).IsAllowed(System.Net.IPAddress.Parse(address)));

    private sealed class FixedResolver(IChatCompletionService? model, string? refusal = null) : ITenantChatModelResolver
    {
        public ValueTask<IChatCompletionService?> ResolveAsync(TenantId tenant, CancellationToken cancellationToken) =>
            refusal is null ? ValueTask.FromResult(model) : throw new CoachingFailedException(refusal);
    }
}
