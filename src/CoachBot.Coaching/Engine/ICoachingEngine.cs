namespace CoachBot.Coaching.Engine;

/// <summary>Writes the reply to a turn as a stream of updates. The only way grains reach a model.</summary>
public interface ICoachingEngine
{
    /// <summary>
    /// Streams the reply. Throws <see cref="OperationCanceledException"/> when cancelled and
    /// <see cref="CoachingFailedException"/> when the model cannot produce a reply.
    /// </summary>
    IAsyncEnumerable<CoachingUpdate> StreamReplyAsync(CoachingRequest request, CancellationToken cancellationToken);
}

/// <summary>The model could not produce a reply; <see cref="Exception.Message"/> is fit to show the user.</summary>
public sealed class CoachingFailedException : Exception
{
    public CoachingFailedException()
    {
    }

    public CoachingFailedException(string message)
        : base(message)
    {
    }

    public CoachingFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
