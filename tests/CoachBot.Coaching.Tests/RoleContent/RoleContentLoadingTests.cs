using System.Text;
using CoachBot.Coaching.RoleContent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static CoachBot.Coaching.Tests.RoleContent.ShippedRolePages;

namespace CoachBot.Coaching.Tests.RoleContent;

public sealed class RoleContentLoadingTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roles-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_shipped_folder_loads_every_page_ordered_by_file_name()
    {
        var pages = RoleContentLoader.LoadDirectory(Folder);

        Assert.Equal(FileNames(), pages.Select(p => Path.GetFileName(p.SourceFile)));
    }

    [Fact]
    public void Every_problem_in_every_file_is_reported_in_one_exception()
    {
        Write(BackendUsa, Text(BackendUsa));
        Write("backend-developer.germany.md", Edit(Text("backend-developer.germany.md"), "- **Testing** —", "- **Testing**:"));
        Write("qa-engineer.usa.md", Edit(Edit(Text("qa-engineer.usa.md"), "version: 2026.11.1", "version: 11"), "region_id: usa", "region_id: us"));

        var error = Assert.Throws<RoleContentException>(() => RoleContentLoader.LoadDirectory(_folder.FullName));

        Assert.StartsWith($"The role content in '{_folder.FullName}' has 3 problem(s):", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Problems.Length);
        Assert.Contains(error.Problems, p => p.StartsWith("backend-developer.germany.md:", StringComparison.Ordinal) && p.Contains("'- **Testing**:", StringComparison.Ordinal));
        Assert.Contains("qa-engineer.usa.md: front matter version '11' must be YYYY.MM.N", error.Message, StringComparison.Ordinal);
        Assert.Contains("qa-engineer.usa.md: the file name must be 'qa-engineer.us.md'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_saved_with_a_byte_order_mark_or_invalid_utf8_is_rejected()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, BackendUsa), Text(BackendUsa), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.WriteAllBytes(Path.Combine(_folder.FullName, "qa-engineer.usa.md"), [.. Encoding.UTF8.GetBytes(Text("qa-engineer.usa.md")), 0xC3, 0x28, (byte)'\n']);

        var error = Assert.Throws<RoleContentException>(() => RoleContentLoader.LoadDirectory(_folder.FullName));

        Assert.Contains("backend-developer.usa.md: the file starts with a byte order mark", error.Message, StringComparison.Ordinal);
        Assert.Contains("qa-engineer.usa.md: the file is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_empty_folder_is_rejected()
    {
        var missing = Path.Combine(_folder.FullName, "missing");

        Assert.Contains(missing, Assert.Throws<RoleContentException>(() => RoleContentLoader.LoadDirectory(missing)).Message, StringComparison.Ordinal);
        Assert.Contains("holds no role pages", Assert.Throws<RoleContentException>(() => RoleContentLoader.LoadDirectory(_folder.FullName)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_folder_defaults_to_content_roles_beside_the_app()
    {
        Assert.Equal(Folder, new RoleContentOptions().ResolveContentDirectory());
        Assert.Equal(_folder.FullName, new RoleContentOptions { ContentDirectory = _folder.FullName }.ResolveContentDirectory());
    }

    [Fact]
    public void Registration_provides_the_library_loaded_from_the_shipped_pages()
    {
        using var provider = Services(new Dictionary<string, string?>());

        var library = provider.GetRequiredService<RoleContentLibrary>();

        Assert.Same(library, provider.GetRequiredService<RoleContentLibrary>());
        Assert.Equal(FileNames().Count(), library.AllPages().Count);
        Assert.Equal("backend-developer", library.ResolveRole("backend engineer"));
    }

    [Fact]
    public async Task Registration_fails_the_start_when_a_page_is_malformed()
    {
        Write(BackendUsa, Edit(Text(BackendUsa), "## Pitfalls\n", "## Common pitfalls\n"));
        using var provider = Services(new Dictionary<string, string?> { ["RoleContent:ContentDirectory"] = _folder.FullName });

        var startup = Assert.Single(provider.GetServices<IHostedService>());
        var error = await Assert.ThrowsAsync<RoleContentException>(() => startup.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("backend-developer.usa.md:108: unknown section heading '## Common pitfalls'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_rejects_an_empty_content_folder_setting()
    {
        using var provider = Services(new Dictionary<string, string?> { ["RoleContent:ContentDirectory"] = "" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RoleContentOptions>>().Value);

        Assert.Contains(nameof(RoleContentOptions.ContentDirectory), error.Message, StringComparison.Ordinal);
    }

    private void Write(string fileName, string text) => File.WriteAllText(Path.Combine(_folder.FullName, fileName), text);

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddRoleContent(configuration).BuildServiceProvider(validateScopes: true);
    }
}
