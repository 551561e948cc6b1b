using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Prompts;

/// <summary>
/// Every prompt CoachBot uses, loaded once from the prompt folder (one YAML file per prompt, named after the prompt).
/// A malformed file, or a template that uses a variable it does not declare, stops the app at start.
/// </summary>
public sealed class PromptLibrary
{
    private readonly FrozenDictionary<string, LoadedPrompt> _prompts;

    public PromptLibrary(IOptions<CoachingOptions> options, ILoggerFactory loggerFactory)
        : this(options.Value.ResolvePromptDirectory(), loggerFactory)
    {
    }

    public PromptLibrary(string directory, ILoggerFactory loggerFactory)
    {
        Directory = directory;
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The prompt folder '{directory}' does not exist.");
        }

        _prompts = System.IO.Directory.EnumerateFiles(directory, "*.yaml", SearchOption.TopDirectoryOnly)
            .Select(path => Load(path, loggerFactory))
            .ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The folder the prompts came from.</summary>
    public string Directory { get; }

    /// <summary>All loaded prompts by name.</summary>
    public IReadOnlyDictionary<string, LoadedPrompt> Prompts => _prompts;

    /// <summary>The prompt of that name; throws when it is missing, which the start-up check prevents.</summary>
    public LoadedPrompt Get(string name) =>
        _prompts.TryGetValue(name, out var prompt) ? prompt : throw new KeyNotFoundException($"No prompt named '{name}' in '{Directory}'.");

    private static LoadedPrompt Load(string path, ILoggerFactory loggerFactory)
    {
        var fileName = Path.GetFileName(path);
        var config = YamlPromptReader.Read(File.ReadAllText(path), fileName);
        var expectedName = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(config.Name, expectedName, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Prompt file '{fileName}' declares name '{config.Name}'; it must be '{expectedName}'.");
        }

        var declared = config.InputVariables.Select(v => v.Name).ToFrozenSet(StringComparer.Ordinal);
        var used = TemplateVariables(config.Template);
        var undeclared = used.Except(declared).ToList();
        if (undeclared.Count > 0)
        {
            throw new InvalidDataException($"Prompt file '{fileName}' uses undeclared variables: {string.Join(", ", undeclared)}.");
        }

        var unused = declared.Except(used).ToList();
        if (unused.Count > 0)
        {
            throw new InvalidDataException($"Prompt file '{fileName}' declares variables its template never uses: {string.Join(", ", unused)}.");
        }

        var function = KernelFunctionFactory.CreateFromPrompt(config, loggerFactory: loggerFactory);
        return new LoadedPrompt(config.Name!, config, function, new KernelPromptTemplateFactory(loggerFactory).Create(config), declared, PlainTemplate.TryParse(config.Template));
    }

    /// <summary>The variables a Semantic Kernel template refers to as {{$name}}.</summary>
    public static FrozenSet<string> TemplateVariables(string template) =>
        PlainTemplate.VariableBlock().Matches(template).Select(m => m.Groups["name"].Value).ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>A prompt ready to run.</summary>
/// <param name="Name">The prompt's name (its file name without extension).</param>
/// <param name="Config">The parsed prompt.</param>
/// <param name="Function">The Semantic Kernel function that renders and runs it.</param>
/// <param name="Template">Its template alone, for rendering without running (the persona when it is not plain).</param>
/// <param name="Variables">The input variables it declares.</param>
/// <param name="Plain">Its template rendered by substitution, when it is text and variables alone (see <see cref="PlainTemplate"/>).</param>
public sealed record LoadedPrompt(string Name, PromptTemplateConfig Config, KernelFunction Function, IPromptTemplate Template, FrozenSet<string> Variables, PlainTemplate? Plain);
