using CoachBot.Coaching.Offline;
using CoachBot.Coaching.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using static CoachBot.Coaching.Tests.Providers.ProviderTestHost;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class LlmProviderOptionsTests
{
    [Fact]
    public void Without_configuration_the_offline_model_is_used_and_no_llm_setting_is_required()
    {
        using var services = Build(new Dictionary<string, string?>());

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<OfflineCoachModel>(services.GetRequiredService<IChatCompletionService>());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/v1")]
    [InlineData("ftp://models.example/v1")]
    public void A_non_http_endpoint_is_rejected_at_start(string endpoint)
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Coaching:Model"] = "openai-compatible",
            ["Coaching:Llm:Endpoint"] = endpoint,
            ["Coaching:Llm:ModelId"] = "llama3.1:8b",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Coaching:Llm:Endpoint must be an absolute http or https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_id_is_rejected_at_start()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Coaching:Model"] = "openai-compatible",
            ["Coaching:Llm:Endpoint"] = "http://127.0.0.1:11434/v1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Coaching:Llm:ModelId is required for the openai-compatible provider", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "Coaching:Llm:ApiKey")]
    [InlineData("azure-openai", "Coaching:Llm:Endpoint")]
    [InlineData("azure-openai", "Coaching:Llm:Deployment")]
    [InlineData("azure-openai", "Coaching:Llm:ApiKey")]
    [InlineData("openai-compatible", "Coaching:Llm:Endpoint")]
    public void Each_provider_requires_its_own_settings(string provider, string missing)
    {
        var options = Validated(provider, new Dictionary<string, string?>());

        Assert.Contains(options, error => error.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_model_is_rejected_at_start()
    {
        using var services = Build(new Dictionary<string, string?> { ["Coaching:Model"] = "gpt-magic" });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("'Model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_must_be_consistent()
    {
        var errors = Validated("openai-compatible", new Dictionary<string, string?>
        {
            ["Coaching:Llm:Endpoint"] = "http://127.0.0.1:8000/v1",
            ["Coaching:Llm:ModelId"] = "m",
            ["Coaching:Llm:RequestTimeout"] = "00:00:05",
            ["Coaching:Llm:AttemptTimeout"] = "00:00:10",
            ["Coaching:Llm:MaxRetries"] = "11",
        });

        Assert.Contains(errors, e => e.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_key_may_come_from_COACHBOT_LLM_API_KEY()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Coaching:Model"] = "openai",
            ["Coaching:Llm:ModelId"] = "gpt-4o-mini",
            [LlmProviderOptions.ApiKeyEnvironmentVariable] = "sk-from-environment",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("sk-from-environment", services.GetRequiredService<IOptions<LlmProviderOptions>>().Value.ApiKey);
    }

    [Fact]
    public void The_options_text_never_shows_the_key()
    {
        var options = new LlmProviderOptions { Endpoint = "https://example.openai.azure.com", Deployment = "d", ApiKey = OpenAIKey };

        Assert.DoesNotContain(OpenAIKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("ApiKey=(set)", options.ToString(), StringComparison.Ordinal);
    }

    private static List<string> Validated(string provider, Dictionary<string, string?> settings)
    {
        settings["Coaching:Model"] = provider;
        using var services = Build(settings);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException error)
        {
            return [.. error.Failures];
        }
    }
}
