namespace CoachBot.Server.Tests.Support;

/// <summary>A data folder that is removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("coachbot-server-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing process is left for the OS temp cleaner; the test result does not depend on it.
        }
    }
}
