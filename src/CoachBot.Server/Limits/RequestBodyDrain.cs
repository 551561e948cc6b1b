namespace CoachBot.Server.Limits;

/// <summary>
/// A request refused before its body was read (a rate limit, a bad id, an endpoint that takes no body) still has the
/// body on the wire. When the answer goes out and the connection closes with the body unread, a client still sending
/// sees the connection reset instead of the answer. A body within the size limit is therefore read to its end after
/// the answer, so the client always gets it; a larger one is refused by Kestrel at the limit as before.
/// </summary>
internal static class RequestBodyDrain
{
    public static IApplicationBuilder UseRequestBodyDrain(this IApplicationBuilder app, long maxBody) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Request.ContentLength is > 0 and var length && length <= maxBody && !context.RequestAborted.IsCancellationRequested)
        {
            try
            {
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or BadHttpRequestException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away or the body was already taken: nothing left to drain.
            }
        }
    });
}
