namespace CoachBot.Coaching.Providers;

/// <summary>The values of <c>Coaching:Model</c>: which model writes the replies.</summary>
public static class LlmProviderNames
{
    /// <summary>The built-in deterministic coach: no network, no keys (the default).</summary>
    public const string Offline = "offline";

    /// <summary>OpenAI's API (api.openai.com, or <see cref="LlmProviderOptions.Endpoint"/> when set).</summary>
    public const string OpenAI = "openai";

    /// <summary>An Azure OpenAI resource: <see cref="LlmProviderOptions.Endpoint"/> plus a deployment name, authenticated with an api-key.</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>Any server speaking OpenAI's chat completions API (Ollama, vLLM, LM Studio, llama.cpp server) at <see cref="LlmProviderOptions.Endpoint"/>.</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>Whether the provider talks to a remote model over HTTP.</summary>
    public static bool IsRemote(string? provider) => provider is OpenAI or AzureOpenAI or OpenAICompatible;
}
