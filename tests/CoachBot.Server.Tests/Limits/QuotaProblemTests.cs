using CoachBot.Conversations;
using CoachBot.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Server.Tests.Limits;

/// <summary>How a quota refusal reads over REST.</summary>
public sealed class QuotaProblemTests
{
    [Fact]
    public async Task A_quota_refusal_is_a_429_problem_with_retry_after()
    {
        var cancel = TestContext.Current.CancellationToken;
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var refusal = new CoachBotException(ErrorCodes.QuotaExceeded, "The daily limit of 3 messages is reached; retry after 3600 s.", 3600);

        Assert.True(await new ExceptionMapping(NullLogger<ExceptionMapping>.Instance).TryHandleAsync(context, refusal, cancel));

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("3600", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        var body = await reader.ReadToEndAsync(cancel);
        Assert.Contains("\"code\":\"quota_exceeded\"", body, StringComparison.Ordinal);
        Assert.Contains("retry after 3600 s", body, StringComparison.Ordinal);
    }
}
