using System.Net;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Security;

/// <summary>Forwarded headers count only when they come from a proxy the operator lists.</summary>
public sealed class TrustedProxyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_listed_tls_proxy_coachbots_own_https_page_passes_the_origin_check()
    {
        using var data = new TempFolder();
        await using var trusted = await TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        var session = await trusted.CreateSessionAsync();
        using var client = trusted.AuthorizedClient(session.Token);

        using var response = await client.SendAsync(ProxiedProfileRequest(trusted, "203.0.113.7"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unlisted_address_are_ignored()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        using var client = host.AuthorizedClient(session.Token);

        // The page claims https through a header anyone could send: the request really is plain http, so it is foreign.
        await ProblemAssert.HasCodeAsync(await client.SendAsync(ProxiedProfileRequest(host, "203.0.113.7"), Cancel), HttpStatusCode.Forbidden, ErrorCodes.OriginNotAllowed);
    }

    [Fact]
    public async Task Behind_a_listed_proxy_each_visitor_has_their_own_session_rate_limit()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8", ["Auth:SessionsPerMinutePerClient"] = "2" };
        await using var host = await TestHost.StartAsync(data.Path, settings: settings);

        for (var i = 0; i < 2; i++)
        {
            using var ok = await PostSessionAsync(host, "198.51.100.1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        await ProblemAssert.HasCodeAsync(await PostSessionAsync(host, "198.51.100.1"), HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        using var other = await PostSessionAsync(host, "198.51.100.2");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task An_address_that_is_not_an_ip_stops_the_host_from_starting()
    {
        using var data = new TempFolder();
        await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "proxy.internal" }));
    }

    private static HttpRequestMessage ProxiedProfileRequest(TestHost host, string visitor)
    {
        var publicHost = host.BaseAddress.Authority;
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/profile");
        request.Headers.Add("Origin", "https://" + publicHost);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", visitor);
        return request;
    }

    private static Task<HttpResponseMessage> PostSessionAsync(TestHost host, string visitor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions");
        request.Headers.Add("X-Forwarded-For", visitor);
        return host.Http.SendAsync(request, Cancel);
    }
}
