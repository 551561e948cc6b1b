using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Where the role pages are read from. Bound from the "RoleContent" configuration section.</summary>
public sealed class RoleContentOptions
{
    public const string SectionName = "RoleContent";

    /// <summary>The role page folder. Relative paths are resolved against the app's folder, where the build copies content/.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ContentDirectory { get; set; } = "content/roles";

    /// <summary>
    /// How often a host checks the stored tenant overlays for changes made through other hosts of a cluster; 0 turns the
    /// check off (a single host applies its own changes at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan OverlaySyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most role pages (overlays) one tenant may store. A request for one more is refused with
    /// <c>overlay_limit_reached</c>; replacing or removing a page always works.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxOverlaysPerTenant { get; set; } = 200;

    /// <summary>The role page folder as an absolute path.</summary>
    public string ResolveContentDirectory() => Path.GetFullPath(ContentDirectory, AppContext.BaseDirectory);
}
