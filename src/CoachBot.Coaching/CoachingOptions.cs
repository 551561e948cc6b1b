using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching;

/// <summary>How replies are generated. Bound from the "Coaching" configuration section.</summary>
public sealed class CoachingOptions : IValidatableObject
{
    public const string SectionName = "Coaching";

    /// <summary>The prompt folder. Relative paths are resolved against the app's folder, where the build copies prompts/.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PromptDirectory { get; set; } = "prompts";

    /// <summary>
    /// The model that writes replies. "offline" (the default) needs no keys and no network; "openai", "azure-openai" and
    /// "openai-compatible" use a remote model configured under "Coaching:Llm" (see <see cref="Providers.LlmProviderOptions"/>).
    /// </summary>
    [Required]
    [AllowedValues(Providers.LlmProviderNames.Offline, Providers.LlmProviderNames.OpenAI, Providers.LlmProviderNames.AzureOpenAI, Providers.LlmProviderNames.OpenAICompatible)]
    public string Model { get; set; } = "offline";

    /// <summary>How many earlier turns of the conversation the model sees.</summary>
    [Range(0, 50)]
    public int RecentTurnsInPrompt { get; set; } = 6;

    /// <summary>The coach's persona.</summary>
    [Required]
    public PersonaOptions Persona { get; set; } = new();

    /// <summary>Offline model settings.</summary>
    [Required]
    public OfflineModelOptions Offline { get; set; } = new();

    /// <summary>Validates the nested settings too (data annotations alone stop at the first level).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new (string, object)[] { (nameof(Persona), Persona), (nameof(Offline), Offline) })
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"{name}: {result.ErrorMessage}", [.. result.MemberNames.Select(m => $"{name}.{m}")]);
            }
        }
    }

    /// <summary>The prompt folder as an absolute path.</summary>
    public string ResolvePromptDirectory() => Path.GetFullPath(PromptDirectory, AppContext.BaseDirectory);
}

/// <summary>Settings of the offline model.</summary>
public sealed class OfflineModelOptions
{
    /// <summary>Pause between streamed chunks, so replies stream like a typed answer. Zero streams as fast as possible.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>How many words go into one chunk.</summary>
    [Range(1, 50)]
    public int WordsPerChunk { get; set; } = 3;
}
