using CoachBot.Conversations;
using CoachBot.Diagnostics;
using CoachBot.Server.Api;
using Microsoft.AspNetCore.SignalR;

namespace CoachBot.Server.Realtime;

/// <summary>
/// SignalR sends a <see cref="HubException"/>'s message to the client and hides every other error. CoachBot's refusals
/// become hub errors whose message starts with the stable code: "turn_in_progress: A reply is still being written."
/// </summary>
internal static partial class HubErrors
{
    public static HubException Refuse(string code, string message)
    {
        CoachBotTelemetry.RecordError(code, "hub");
        return new($"{code}: {message}");
    }

    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, ILogger logger)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not HubException)
        {
            throw Translate(ex, logger);
        }
    }

    public static async IAsyncEnumerable<T> GuardStream<T>(IAsyncEnumerable<T> source, ILogger logger, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (Exception ex) when (ex is not HubException)
            {
                throw Translate(ex, logger);
            }

            yield return enumerator.Current;
        }
    }

    public static HubException Translate(Exception exception, ILogger logger)
    {
        var (status, code, detail) = ExceptionMapping.Classify(exception);
        if (status >= 500 && code == ErrorCodes.Internal)
        {
            LogUnhandled(logger, exception);
        }

        return Refuse(code, detail);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in a hub call")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
