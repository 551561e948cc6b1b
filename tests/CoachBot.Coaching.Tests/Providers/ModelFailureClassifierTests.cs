using System.Net;
using CoachBot.Coaching.Providers;
using Microsoft.SemanticKernel;
using Polly.Timeout;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class ModelFailureClassifierTests
{
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, ModelFailureKind.Busy)]
    [InlineData(HttpStatusCode.InternalServerError, ModelFailureKind.Busy)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ModelFailureKind.Busy)]
    [InlineData(HttpStatusCode.Unauthorized, ModelFailureKind.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, ModelFailureKind.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound, ModelFailureKind.NotFound)]
    [InlineData(HttpStatusCode.GatewayTimeout, ModelFailureKind.TimedOut)]
    [InlineData(HttpStatusCode.BadRequest, ModelFailureKind.Unknown)]
    public void Status_codes_map_to_plain_failures(HttpStatusCode status, ModelFailureKind expected)
    {
        var failure = ModelFailureClassifier.Classify(new HttpOperationException(status, "{}", "failed", null));

        Assert.Equal(expected, failure.Kind);
        Assert.DoesNotContain("HTTP", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transport_failures_map_by_their_innermost_cause()
    {
        Assert.Equal(ModelFailureKind.TimedOut, ModelFailureClassifier.Classify(new TimeoutRejectedException()).Kind);
        Assert.Equal(ModelFailureKind.TimedOut, ModelFailureClassifier.Classify(new TaskCanceledException()).Kind);
        Assert.Equal(ModelFailureKind.Unreachable, ModelFailureClassifier.Classify(
            new HttpOperationException(null, null, "failed", new HttpRequestException("Connection refused"))).Kind);
        Assert.Equal(ModelFailureKind.StreamBroken, ModelFailureClassifier.Classify(
            new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.")).Kind);
        Assert.Equal(ModelFailureKind.Unknown, ModelFailureClassifier.Classify(new InvalidOperationException()).Kind);
    }
}
