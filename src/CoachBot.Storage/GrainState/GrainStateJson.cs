using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoachBot.Storage.GrainState;

/// <summary>
/// Grain state is stored as JSON: readable in the database, and tolerant of added members (missing ones take their
/// defaults, unknown ones are ignored) so state written by an older build loads in a newer one and back.
/// </summary>
public static class GrainStateJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
