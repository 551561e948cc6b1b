using System.Text;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Reads every role page (*.md) in a folder. Any malformed page fails the whole load, reporting all problems at once.</summary>
public static class RoleContentLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses and validates every page in <paramref name="directory"/> (not its subfolders), ordered by file name.</summary>
    /// <exception cref="RoleContentException">The folder is missing or empty, or any page is malformed.</exception>
    public static IReadOnlyList<RolePage> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RoleContentException($"The role content folder '{directory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*.md", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new RoleContentException($"The role content folder '{directory}' holds no role pages (*.md).");
        }

        var pages = new List<RolePage>(files.Count);
        var problems = new List<string>();
        foreach (var file in files)
        {
            try
            {
                pages.Add(RolePageParser.Parse(Read(file), file));
            }
            catch (RoleContentException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        return problems.Count == 0
            ? pages
            : throw new RoleContentException($"The role content in '{directory}' has {problems.Count} problem(s):", problems);
    }

    /// <summary>The file's text, keeping a byte order mark (if any) so the parser can reject it.</summary>
    private static string Read(string file)
    {
        try
        {
            return StrictUtf8.GetString(File.ReadAllBytes(file));
        }
        catch (DecoderFallbackException ex)
        {
            throw new RoleContentException($"{Path.GetFileName(file)}: the file is not valid UTF-8", ex);
        }
    }
}
