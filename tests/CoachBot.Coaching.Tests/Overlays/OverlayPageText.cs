using CoachBot.Coaching.Tests.RoleContent;

namespace CoachBot.Coaching.Tests.Overlays;

/// <summary>Valid overlay pages derived from a shipped page: another role (or the same), version and an overview carrying a marker.</summary>
internal static class OverlayPageText
{
    /// <summary>The data engineer (USA) page, renamed to <paramref name="role"/> (<paramref name="roleId"/>), at <paramref name="version"/>.</summary>
    public static string DataEngineerAs(string roleId, string role, string version, string marker)
    {
        var text = ShippedRolePages.Text("data-engineer.usa.md");
        text = ShippedRolePages.Edit(text, "role: Data Engineer\nrole_id: data-engineer\n", $"role: {role}\nrole_id: {roleId}\n");
        text = ShippedRolePages.Edit(text, "version: 2026.11.1\n", $"version: {version}\n");
        var aliases = text.IndexOf("aliases: [", StringComparison.Ordinal);
        var end = text.IndexOf('\n', aliases);
        text = string.Concat(text.AsSpan(0, aliases), $"aliases: [{role.ToLowerInvariant()}]", text.AsSpan(end));
        return ShippedRolePages.Edit(text, "## Overview\n\nData engineers build", $"## Overview\n\nHere the {marker} playbook applies. Data engineers build");
    }
}
