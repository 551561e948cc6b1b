using System.Net;
using CoachBot.Server.Tests.Api;

namespace CoachBot.Widget.Tests;

/// <summary>The coach console page over plain HTTP: its policy runs only CoachBot's own script and lets no site frame it.</summary>
public sealed class ConsoleEndpointsTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    [Fact]
    public async Task The_console_page_allows_no_inline_script_and_no_framing()
    {
        using var response = await fixture.Host.Http.GetAsync(new Uri("/console", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("connect-src 'self'", directives["connect-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
    }
}
