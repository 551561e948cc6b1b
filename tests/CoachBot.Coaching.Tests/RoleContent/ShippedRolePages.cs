using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Tests.RoleContent;

/// <summary>The role pages the build copies next to the test binaries, and helpers to derive broken variants from them.</summary>
internal static class ShippedRolePages
{
    public const string BackendUsa = "backend-developer.usa.md";

    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "content", "roles");

    public static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(Folder, "*.md").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static string Text(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    public static RolePage Parse(string fileName) => RolePageParser.Parse(Text(fileName), Path.Combine(Folder, fileName));

    /// <summary>The text with <paramref name="oldText"/>, which must occur exactly once, replaced.</summary>
    public static string Edit(string text, string oldText, string newText)
    {
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(first >= 0, $"'{oldText}' is not in the page");
        Assert.True(text.IndexOf(oldText, first + 1, StringComparison.Ordinal) < 0, $"'{oldText}' occurs more than once in the page");
        return string.Concat(text.AsSpan(0, first), newText, text.AsSpan(first + oldText.Length));
    }

    /// <summary>The problem the parser reports for the text, which must be rejected.</summary>
    public static RoleContentException Reject(string text, string fileName = BackendUsa) =>
        Assert.Throws<RoleContentException>(() => RolePageParser.Parse(text, Path.Combine("content", "roles", fileName)));
}
