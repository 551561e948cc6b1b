using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Where the role pages are read from. Bound from the "RoleContent" configuration section.</summary>
public sealed class RoleContentOptions
{
    public const string SectionName = "RoleContent";

    /// <summary>The role page folder. Relative paths are resolved against the app's folder, where the build copies content/.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ContentDirectory { get; set; } = "content/roles";

    /// <summary>The role page folder as an absolute path.</summary>
    public string ResolveContentDirectory() => Path.GetFullPath(ContentDirectory, AppContext.BaseDirectory);
}
