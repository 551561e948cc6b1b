using System.ClientModel;
using System.Net;
using Microsoft.SemanticKernel;
using Polly.Timeout;

namespace CoachBot.Coaching.Providers;

/// <summary>Why a model call failed, in words fit to show the person whose reply it was.</summary>
/// <param name="Kind">The failure, for logs and metrics.</param>
/// <param name="Message">What to tell the user.</param>
public sealed record ModelFailure(ModelFailureKind Kind, string Message);

/// <summary>The kinds of model failure CoachBot tells apart.</summary>
public enum ModelFailureKind
{
    /// <summary>Anything not recognised below.</summary>
    Unknown,

    /// <summary>Rate-limited or overloaded (429, 5xx) after every retry.</summary>
    Busy,

    /// <summary>No answer (or a silent stream) within the configured time.</summary>
    TimedOut,

    /// <summary>The provider refused the credentials (401, 403).</summary>
    Unauthorized,

    /// <summary>The model or deployment does not exist (404).</summary>
    NotFound,

    /// <summary>The server could not be reached at all.</summary>
    Unreachable,

    /// <summary>The connection broke while the reply was streaming.</summary>
    StreamBroken,
}

/// <summary>Turns the exceptions the chat connectors, the HTTP stack and the resilience pipeline throw into a <see cref="ModelFailure"/>.</summary>
public static class ModelFailureClassifier
{
    public const string BusyMessage = "The coaching model is busy right now. Your message is saved; please try again in a minute.";
    public const string TimedOutMessage = "The coaching model did not answer in time. Your message is saved; please try again.";
    public const string UnauthorizedMessage = "The coaching model rejected CoachBot's credentials. Please tell your administrator; your message is saved.";
    public const string NotFoundMessage = "CoachBot's coaching model is not set up correctly (the model was not found). Please tell your administrator; your message is saved.";
    public const string UnreachableMessage = "CoachBot could not reach the coaching model. Your message is saved; please try again later.";
    public const string StreamBrokenMessage = "The connection to the coaching model broke partway through this reply. What arrived is kept; please try again.";
    public const string UnknownMessage = "The coaching model could not finish this reply. Your message is saved; please try again.";

    /// <summary>
    /// Classifies a failure. An <see cref="OperationCanceledException"/> reaching here was not the caller's cancellation, so it
    /// is a timeout inside the HTTP stack.
    /// </summary>
    public static ModelFailure Classify(Exception exception)
    {
        var kind = Kind(exception);
        return new ModelFailure(kind, kind switch
        {
            ModelFailureKind.Busy => BusyMessage,
            ModelFailureKind.TimedOut => TimedOutMessage,
            ModelFailureKind.Unauthorized => UnauthorizedMessage,
            ModelFailureKind.NotFound => NotFoundMessage,
            ModelFailureKind.Unreachable => UnreachableMessage,
            ModelFailureKind.StreamBroken => StreamBrokenMessage,
            _ => UnknownMessage,
        });
    }

    private static ModelFailureKind Kind(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var status = current switch
            {
                HttpOperationException { StatusCode: { } code } => (int)code,
                ClientResultException { Status: > 0 } result => result.Status,
                HttpRequestException { StatusCode: { } code } => (int)code,
                _ => 0,
            };

            if (status > 0)
            {
                return FromStatus(status);
            }

            switch (current)
            {
                case TimeoutRejectedException or TimeoutException or OperationCanceledException:
                    return ModelFailureKind.TimedOut;
                case HttpRequestException:
                    return ModelFailureKind.Unreachable;
                case IOException:
                    return ModelFailureKind.StreamBroken;
            }
        }

        return ModelFailureKind.Unknown;
    }

    private static ModelFailureKind FromStatus(int status) => status switch
    {
        (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => ModelFailureKind.Unauthorized,
        (int)HttpStatusCode.NotFound => ModelFailureKind.NotFound,
        (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.GatewayTimeout => ModelFailureKind.TimedOut,
        (int)HttpStatusCode.TooManyRequests or >= 500 => ModelFailureKind.Busy,
        _ => ModelFailureKind.Unknown,
    };
}
