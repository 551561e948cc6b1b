using System.Buffers.Binary;
using System.Text.Json;

namespace CoachBot.Server.Tests.Channels.Teams;

/// <summary>The Teams app package in deploy/teams: a manifest naming the bot, and the two icons at the sizes Teams requires.</summary>
public sealed class TeamsAppPackageTests
{
    private static readonly string Folder = FindPackageFolder();

    [Fact]
    public void The_manifest_declares_the_bot_in_every_scope_with_icons_that_exist()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        var root = manifest.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray().ToArray());
        Assert.True(Guid.TryParse(bot.GetProperty("botId").GetString(), out _));
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(("color.png", "outline.png"), (root.GetProperty("icons").GetProperty("color").GetString(), root.GetProperty("icons").GetProperty("outline").GetString()));
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void The_icons_are_square_pngs_of_the_required_size(string file, int size)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.Equal("\x89PNG\r\n\x1a\n", string.Concat(bytes.Take(8).Select(b => (char)b)));
        Assert.Equal((size, size), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
    }

    private static string FindPackageFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "deploy", "teams");
            if (File.Exists(Path.Combine(candidate, "manifest.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("deploy/teams is not above the test's folder.");
    }
}
