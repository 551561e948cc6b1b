using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Logs each HTTP attempt to the model by method, URL, status and duration, and never its headers. It replaces the HttpClient
/// factory's default logging, whose structured state carries raw header values (the API key included) even where the
/// formatted message redacts them. The URL carries no credential: options validation rejects an endpoint with user info.
/// </summary>
internal sealed partial class LlmHttpLogger(ILogger<LlmHttpLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        LogResponse(request.Method, request.RequestUri, response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        LogFailure(request.Method, request.RequestUri, exception.Message, elapsed.TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model HTTP {Method} {Uri} answered {StatusCode} after {ElapsedMs:0.0} ms")]
    private partial void LogResponse(HttpMethod method, Uri? uri, System.Net.HttpStatusCode statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model HTTP {Method} {Uri} failed ({Error}) after {ElapsedMs:0.0} ms")]
    private partial void LogFailure(HttpMethod method, Uri? uri, string error, double elapsedMs);
}
