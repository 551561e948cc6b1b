using System.Net.Sockets;
using System.Text;
using CoachBot.Server.Tests.Api;

namespace CoachBot.Server.Tests.Limits;

/// <summary>
/// The 256 KB body limit holds for chunked bodies, whose size nobody announces: the server refuses while reading,
/// at the limit, instead of reading (or buffering) the whole body first.
/// </summary>
public sealed class RequestBodyLimitTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const int Limit = 256 * 1024;
    private const long Attempted = 100L * 1024 * 1024;

    /// <summary>
    /// What may be on its way when the answer comes: the server's read-ahead (Kestrel buffers up to 1 MB of a request
    /// body) and the socket buffers in between. Far below the 100 MB the client would send to the end.
    /// </summary>
    private const int Slack = 2 * 1024 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/me/profile", "application/json", "{\"goals\":[\"")]
    [InlineData("/api/me/consent", "application/json", "{\"coachingReview\":\"")]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413_before_the_client_has_sent_it(string path, string contentType, string prefix)
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = 16 * 1024 };
        await socket.ConnectAsync(fixture.Host.BaseAddress.Host, fixture.Host.BaseAddress.Port, Cancel);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var head = $"PUT {path} HTTP/1.1\r\nHost: {fixture.Host.BaseAddress.Authority}\r\nAuthorization: Bearer {session.Token}\r\n"
            + $"Content-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Cancel);

        var answer = ReadResponseAsync(stream);
        var filler = new byte[8 * 1024];
        Array.Fill(filler, (byte)'a');
        Encoding.ASCII.GetBytes(prefix).CopyTo(filler, 0);
        long sent = 0;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stall.CancelAfter(TimeSpan.FromSeconds(30));
        while (!answer.IsCompleted && sent < Attempted)
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{filler.Length:x}\r\n"), stall.Token);
                await stream.WriteAsync(filler, stall.Token);
                await stream.WriteAsync("\r\n"u8.ToArray(), stall.Token);
            }
            catch (IOException)
            {
                // The server closed the connection after answering; the answer is what counts.
                break;
            }

            sent += filler.Length;
            // A paced sender, so what it has written when the answer arrives says how much the server read first.
            await Task.Delay(1, stall.Token);
            Array.Fill(filler, (byte)'a');
        }

        var response = await answer.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"payload_too_large\"", response, StringComparison.Ordinal);
        Assert.True(sent <= Limit + Slack, $"the server answered only after {sent} bytes of the body were sent");
    }

    /// <summary>Reads the response's head and body up to the end of its problem details (or until the server closes).</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, Cancel)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (text.ToString().Contains("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return text.ToString();
    }
}
