using CoachBot.Coaching.RoleContent;
using CoachBot.Ids;
using static CoachBot.Coaching.Tests.RoleContent.ShippedRolePages;

namespace CoachBot.Coaching.Tests.RoleContent;

public sealed class RoleContentLibraryTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly TenantId Globex = TenantId.Parse("globex");

    private static readonly IReadOnlyList<RolePage> BasePages = [.. FileNames().Select(Parse)];

    [Fact]
    public void Base_pages_are_found_by_role_and_region_ignoring_case()
    {
        var library = new RoleContentLibrary(BasePages);

        Assert.Equal("Germany", library.Get("backend-developer", "germany")?.Region);
        Assert.Same(library.Get("backend-developer", "usa"), library.Get(null, "Backend-Developer", "USA"));
        Assert.Null(library.Get("backend-developer", "france"));
        Assert.Null(library.Get("astronaut", "usa"));
        Assert.Equal(["germany", "usa"], library.Find("backend-developer").Select(p => p.RegionId));
        Assert.Empty(library.Find("astronaut"));
        Assert.Equal(BasePages.Count, library.AllPages().Count);
        Assert.Equal(library.AllPages().OrderBy(p => p.RoleId, StringComparer.Ordinal).ThenBy(p => p.RegionId, StringComparer.Ordinal), library.AllPages());
    }

    [Fact]
    public void A_tenant_override_wins_for_that_tenant_only()
    {
        var library = new RoleContentLibrary(BasePages);
        var acmeBackend = Derive(BackendUsa, BackendUsa, t => Edit(t, "version: 2026.11.1", "version: 2026.12.7"));

        library.AddOverlay(Acme, [acmeBackend]);

        Assert.Same(acmeBackend, library.Get(Acme, "backend-developer", "usa"));
        Assert.Equal("2026.11.1", library.Get(Globex, "backend-developer", "usa")?.Version);
        Assert.Equal("2026.11.1", library.Get(null, "backend-developer", "usa")?.Version);
        Assert.Equal("2026.11.1", library.Get("backend-developer", "usa")?.Version);
        Assert.Equal(["2026.11.1", "2026.12.7"], library.Find(Acme, "backend-developer").Select(p => p.Version));
        Assert.Equal(BasePages.Count, library.AllPages(Acme).Count);
        Assert.Contains(acmeBackend, library.AllPages(Acme));
        Assert.DoesNotContain(acmeBackend, library.AllPages(Globex));
        Assert.Equal("2026.12.7", library.Get(Acme, "backend-developer", "usa")!.Cite(RoleSectionIds.Salary).ContentVersion);
    }

    [Fact]
    public void A_tenant_can_add_roles_and_regions_the_base_does_not_have()
    {
        var library = new RoleContentLibrary(BasePages);
        var architect = Derive("devops-engineer.usa.md", "cloud-architect.usa.md", t => Edit(Edit(Edit(t,
            "role: DevOps Engineer", "role: Cloud Architect"),
            "role_id: devops-engineer", "role_id: cloud-architect"),
            "aliases: [sre, site reliability engineer, platform engineer, devops, infrastructure engineer, cloud engineer]", "aliases: [platform engineer, solutions architect]"));
        var canada = Derive(BackendUsa, "backend-developer.canada.md", t => Edit(Edit(t, "region: USA\n", "region: Canada\n"), "region_id: usa", "region_id: canada")
            .Replace("(USA, as of", "(Canada, as of", StringComparison.Ordinal));

        library.AddOverlay(Acme, [architect, canada]);

        Assert.Equal(BasePages.Count + 2, library.AllPages(Acme).Count);
        Assert.Equal(BasePages.Count, library.AllPages(Globex).Count);
        Assert.Equal("cloud-architect", library.ResolveRole(Acme, "Cloud Architects"));
        Assert.Null(library.ResolveRole(Globex, "cloud architect"));
        Assert.Equal("cloud-architect", library.ResolveRole(Acme, "platform engineer"));
        Assert.Equal("devops-engineer", library.ResolveRole(Globex, "platform engineer"));
        Assert.Equal("devops-engineer", library.ResolveRole(Acme, "SRE"));
        Assert.Equal("canada", library.ResolveRegion(Acme, "backend-developer", "Canada"));
        Assert.Null(library.ResolveRegion(Globex, "backend-developer", "Canada"));
    }

    [Fact]
    public void A_later_overlay_replaces_the_tenants_earlier_page_and_keeps_the_others()
    {
        var library = new RoleContentLibrary(BasePages);
        var first = Derive(BackendUsa, BackendUsa, t => Edit(t, "version: 2026.11.1", "version: 2026.12.1"));
        var second = Derive(BackendUsa, BackendUsa, t => Edit(t, "version: 2026.11.1", "version: 2026.12.2"));
        var germany = Derive("backend-developer.germany.md", "backend-developer.germany.md", t => Edit(t, "version: 2026.11.1", "version: 2026.12.3"));

        library.AddOverlay(Acme, [first, germany]);
        library.AddOverlay(Acme, [second]);
        library.AddOverlay(Globex, [first]);

        Assert.Same(second, library.Get(Acme, "backend-developer", "usa"));
        Assert.Same(germany, library.Get(Acme, "backend-developer", "germany"));
        Assert.Same(first, library.Get(Globex, "backend-developer", "usa"));
    }

    [Fact]
    public void Setting_a_tenants_role_replaces_its_earlier_page_of_that_role_and_removing_it_restores_the_base()
    {
        var library = new RoleContentLibrary(BasePages);
        var usa = Derive(BackendUsa, BackendUsa, t => Edit(t, "version: 2026.11.1", "version: 2026.12.4"));
        var germany = Derive("backend-developer.germany.md", "backend-developer.germany.md", t => Edit(t, "version: 2026.11.1", "version: 2026.12.5"));
        var before = library.AllPages(Globex);

        library.SetOverlayRole(Acme, usa);
        library.SetOverlayRole(Acme, germany);

        Assert.Equal([germany], library.OverlayPages(Acme));
        Assert.Equal([Acme], library.OverlayTenants());
        Assert.Equal("2026.11.1", library.Get(Acme, "backend-developer", "usa")?.Version);
        Assert.Same(germany, library.Get(Acme, "backend-developer", "germany"));
        Assert.Equal(before, library.AllPages(Globex));

        Assert.True(library.RemoveOverlayRole(Acme, "backend-developer"));
        Assert.False(library.RemoveOverlayRole(Acme, "backend-developer"));
        Assert.Empty(library.OverlayPages(Acme));
        Assert.Empty(library.OverlayTenants());
        Assert.Equal("2026.11.1", library.Get(Acme, "backend-developer", "germany")?.Version);
    }

    [Fact]
    public void Two_pages_for_the_same_role_and_region_are_refused()
    {
        var page = Parse(BackendUsa);

        Assert.Throws<ArgumentException>(() => new RoleContentLibrary([page, Parse(BackendUsa)]));
        Assert.Throws<ArgumentException>(() => new RoleContentLibrary(BasePages).AddOverlay(Acme, [page, page]));
    }

    [Theory]
    [InlineData("backend engineer", "backend-developer")]
    [InlineData("Backend Developer", "backend-developer")]
    [InlineData("Backend Developers", "backend-developer")]
    [InlineData("back-end developer", "backend-developer")]
    [InlineData("  BACKEND   ENGINEERS ", "backend-developer")]
    [InlineData("backend-developer", "backend-developer")]
    [InlineData("I want to become a senior backend engineer in Berlin", "backend-developer")]
    [InlineData("Site Reliability Engineer", "devops-engineer")]
    [InlineData("SRE", "devops-engineer")]
    [InlineData("I'm an SRE at a bank", "devops-engineer")]
    [InlineData("sdet", "qa-engineer")]
    [InlineData("SDETs", "qa-engineer")]
    [InlineData("Product Managers", "product-manager")]
    [InlineData("PM", "product-manager")]
    [InlineData("front-end developer", "frontend-developer")]
    [InlineData("Frontend Engineer", "frontend-developer")]
    [InlineData("data engineer", "data-engineer")]
    [InlineData("team lead", "engineering-manager")]
    [InlineData("Director of Engineering", "engineering-manager")]
    [InlineData("backend-entwickler", "backend-developer")]
    public void Free_text_resolves_to_a_role_by_name_or_alias(string text, string expected)
    {
        Assert.Equal(expected, new RoleContentLibrary(BasePages).ResolveRole(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("astronaut")]
    [InlineData("developer")]
    [InlineData("data developer")]
    [InlineData("I finish work at 5 pm")]
    public void Text_naming_no_role_resolves_to_nothing(string text)
    {
        Assert.Null(new RoleContentLibrary(BasePages).ResolveRole(text));
    }

    [Theory]
    [InlineData("backend-developer", "Germany", "germany")]
    [InlineData("backend-developer", "GERMANY", "germany")]
    [InlineData("backend-developer", "usa", "usa")]
    [InlineData("backend-developer", "U.S.A.", "usa")]
    [InlineData("backend-developer", null, "usa")]
    [InlineData("backend-developer", " ", "usa")]
    [InlineData("data-engineer", null, "usa")]
    [InlineData("backend-developer", "France", null)]
    [InlineData("data-engineer", "Germany", null)]
    [InlineData("astronaut", null, null)]
    public void A_region_resolves_by_name_or_id_and_defaults_to_the_usa(string roleId, string? regionText, string? expected)
    {
        Assert.Equal(expected, new RoleContentLibrary(BasePages).ResolveRegion(roleId, regionText));
    }

    private static RolePage Derive(string fromFile, string toFile, Func<string, string> edit) =>
        RolePageParser.Parse(edit(Text(fromFile)), Path.Combine("tenant-content", toFile));
}
