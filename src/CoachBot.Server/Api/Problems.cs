using CoachBot.Conversations;
using CoachBot.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Server.Api;

/// <summary>CoachBot's error bodies: RFC 9457 problem details with a stable "code" (also in "type" as a URN).</summary>
internal static class Problems
{
    public static ProblemDetails Create(int status, string code, string detail)
    {
        CoachBotTelemetry.RecordError(code, "rest");
        return new()
        {
            Status = status,
            Type = "urn:coachbot:error:" + code,
            Title = Title(status),
            Detail = detail,
            Extensions = { ["code"] = code },
        };
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(status, code, detail), options: null, contentType: "application/problem+json");
    }

    public static IResult Result(CoachBotException exception)
    {
        var status = StatusFor(exception.Code);
        return TypedResults.Problem(Create(status, exception.Code, exception.Message));
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.TurnNotFound or ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.TenantExists or ErrorCodes.ChannelInUse or ErrorCodes.OverlayLimitReached => StatusCodes.Status409Conflict,
        ErrorCodes.SecretUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.Forbidden or ErrorCodes.OriginNotAllowed or ErrorCodes.ConsentRequired => StatusCodes.Status403Forbidden,
        ErrorCodes.QuotaExceeded or ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.ApiKeyInvalid or ErrorCodes.ApiKeyRevoked => StatusCodes.Status401Unauthorized,
        ErrorCodes.TenantKeyInvalid or ErrorCodes.IdentityInvalid or ErrorCodes.IdentityExpired or ErrorCodes.IdentityReplayed => StatusCodes.Status401Unauthorized,
        ErrorCodes.TurnInProgress => StatusCodes.Status409Conflict,
        ErrorCodes.Unauthenticated or ErrorCodes.TokenExpired or ErrorCodes.TokenInvalid or ErrorCodes.TokenRevoked or ErrorCodes.TenantUnknown => StatusCodes.Status401Unauthorized,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.ContentTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCodes.Internal or ErrorCodes.ModelFailed => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The code for a problem that only has a status (written by the framework, not by CoachBot).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        400 => ErrorCodes.InvalidArgument,
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => "method_not_allowed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.Unavailable,
        _ => ErrorCodes.Internal,
    };

    private static string Title(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "Authentication is required.",
        403 => "Not allowed.",
        404 => "Not found.",
        409 => "Conflict with the current state.",
        413 => "The request is too large.",
        415 => "The media type is not supported.",
        429 => "Too many requests.",
        503 => "Temporarily unavailable.",
        _ => "The request failed.",
    };
}
