using System.Net;
using System.Net.Http.Headers;
using CoachBot.Coaching.Providers;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class RetryAfterDelayTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Seconds_are_taken_as_they_are()
    {
        using var response = Response(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterDelay.From(response, _time, Cap));
    }

    [Fact]
    public void A_date_is_measured_from_now()
    {
        using var response = Response(new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(12)));
        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfterDelay.From(response, _time, Cap));
    }

    [Fact]
    public void A_date_in_the_past_means_retry_now()
    {
        using var response = Response(new RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(-30)));
        Assert.Equal(TimeSpan.Zero, RetryAfterDelay.From(response, _time, Cap));
    }

    [Fact]
    public void A_long_wait_is_capped()
    {
        using var response = Response(new RetryConditionHeaderValue(TimeSpan.FromMinutes(10)));
        Assert.Equal(Cap, RetryAfterDelay.From(response, _time, Cap));
    }

    [Fact]
    public void No_header_leaves_the_delay_to_the_backoff()
    {
        using var response = Response(null);
        Assert.Null(RetryAfterDelay.From(response, _time, Cap));
        Assert.Null(RetryAfterDelay.From(null, _time, Cap));
    }

    private static HttpResponseMessage Response(RetryConditionHeaderValue? retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }
}
