namespace CoachBot.Server.Tests.Support;

/// <summary>Role pages for overlay tests, derived from the shipped data engineer (USA) page copied next to the test binaries.</summary>
public static class RolePageText
{
    /// <summary>The shipped page.</summary>
    public static string Shipped(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "content", "roles", fileName));

    /// <summary>A valid page for <paramref name="role"/> (<paramref name="roleId"/>) in the USA at <paramref name="version"/>.</summary>
    public static string For(string roleId, string role, string version)
    {
        var text = Shipped("data-engineer.usa.md")
            .Replace("role: Data Engineer\nrole_id: data-engineer\n", $"role: {role}\nrole_id: {roleId}\n", StringComparison.Ordinal)
            .Replace("version: 2026.11.1\n", $"version: {version}\n", StringComparison.Ordinal);
        var aliases = text.IndexOf("aliases: [", StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, aliases), $"aliases: [{role.ToLowerInvariant()}]", text.AsSpan(text.IndexOf('\n', aliases)));
    }
}
