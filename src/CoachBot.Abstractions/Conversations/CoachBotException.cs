namespace CoachBot.Conversations;

/// <summary>
/// A request CoachBot refuses, with a stable <see cref="Code"/> from <see cref="ErrorCodes"/>.
/// Entry points turn it into a 4xx ProblemDetails or a SignalR error; it never means data was lost.
/// </summary>
[GenerateSerializer, Alias("coachbot.CoachBotException")]
public sealed class CoachBotException : Exception
{
    public CoachBotException()
    {
        Code = ErrorCodes.Internal;
    }

    public CoachBotException(string message)
        : base(message)
    {
        Code = ErrorCodes.Internal;
    }

    public CoachBotException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.Internal;
    }

    public CoachBotException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>A refusal the caller may retry after <paramref name="retryAfterSeconds"/> seconds.</summary>
    public CoachBotException(string code, string message, int retryAfterSeconds)
        : base(message)
    {
        Code = code;
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>The stable error code.</summary>
    [Id(0)]
    public string Code { get; private set; }

    /// <summary>Seconds until a retry can succeed, for refusals that pass with time (quotas); otherwise null.</summary>
    [Id(1)]
    public int? RetryAfterSeconds { get; private set; }
}
