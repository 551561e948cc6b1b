using CoachBot.Conversations;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Diagnostics;

namespace CoachBot.Server.Api;

/// <summary>
/// Turns refusals into 4xx problem details and Orleans unavailability into 503. Anything else is a bug: it is logged in
/// full and the client sees a generic 500 problem without internals.
/// </summary>
internal sealed partial class ExceptionMapping(ILogger<ExceptionMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = Classify(exception);
        if (status >= 500 && code == ErrorCodes.Internal)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        await Problems.WriteAsync(httpContext, status, code, detail, (exception as CoachBotException)?.RetryAfterSeconds);
        return true;
    }

    public static (int Status, string Code, string Detail) Classify(Exception exception) => exception switch
    {
        CoachBotException refused => (Problems.StatusFor(refused.Code), refused.Code, refused.Message),
        // Logged where it was detected; the client learns only that the tenant's secrets cannot be read right now.
        TenantSecretUnavailableException => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.SecretUnavailable,
            "A secret of this tenant cannot be read on the server right now; an operator has to restore the key ring or set the secret again."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "payload_too_large", "The request body is too large."),
        BadHttpRequestException bad => (bad.StatusCode, ErrorCodes.InvalidArgument, "The request could not be read: check the JSON body and parameters."),
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
            => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "CoachBot is briefly unavailable. Please retry."),
        // The database refused (locked past its timeout, full, read-only, unreachable) or another writer moved a grain's
        // state on: transient for the caller, who retries; the details are in the log.
        System.Data.Common.DbException or Orleans.Storage.InconsistentStateException
            => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "CoachBot could not reach its storage just now. Please retry."),
        _ => (StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "Something went wrong on our side."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
