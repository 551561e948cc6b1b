using System.Collections.Immutable;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// Role content that breaks the format in docs/role-content-format.md, or a role content folder that cannot be loaded.
/// Each problem names the file it was found in; the message lists every problem, one per line.
/// </summary>
public sealed class RoleContentException : Exception
{
    public RoleContentException()
        : this("The role content is invalid.")
    {
    }

    public RoleContentException(string message)
        : base(message) => Problems = [message];

    public RoleContentException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    /// <summary>An exception reporting several problems at once.</summary>
    public RoleContentException(IEnumerable<string> problems)
        : this([.. problems])
    {
    }

    /// <summary>An exception reporting several problems under a summary line, such as the folder they were found in.</summary>
    public RoleContentException(string summary, IEnumerable<string> problems)
        : this(summary, [.. problems])
    {
    }

    private RoleContentException(ImmutableArray<string> problems)
        : base(Describe(problems)) => Problems = problems;

    private RoleContentException(string summary, ImmutableArray<string> problems)
        : base(string.Join(Environment.NewLine, [summary, .. problems])) => Problems = problems;

    /// <summary>Every problem found, each naming its file.</summary>
    public ImmutableArray<string> Problems { get; }

    private static string Describe(ImmutableArray<string> problems) => problems.Length switch
    {
        0 => "The role content is invalid.",
        1 => problems[0],
        _ => $"The role content has {problems.Length} problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}",
    };
}
