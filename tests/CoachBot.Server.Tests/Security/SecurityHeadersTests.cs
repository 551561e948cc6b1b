using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Security;

/// <summary>Every response says nosniff; the demo page carries a policy that runs only CoachBot's scripts and its own inline one.</summary>
public sealed partial class SecurityHeadersTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Json_pages_scripts_and_refusals_all_carry_nosniff()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        using var client = host.AuthorizedClient(session.Token);

        foreach (var (http, path, status) in new[]
        {
            (client, "/api/me/profile", HttpStatusCode.OK),
            (host.Http, "/api/me/profile", HttpStatusCode.Unauthorized),
            (host.Http, "/", HttpStatusCode.OK),
            (host.Http, "/widget.js", HttpStatusCode.OK),
            (client, "/api/no/such/route", HttpStatusCode.NotFound),
        })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Cancel);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }

        using var json = await client.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel);
        Assert.Contains("default-src 'none'", Assert.Single(json.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_page_allows_its_own_scripts_and_the_hub_and_nothing_else()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        using var response = await host.Http.GetAsync(new Uri("/", UriKind.Relative), Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("script-src 'self' 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline' 'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*'unsafe-inline'", policy);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);

        // The page's inline script is allowed by its hash, so the page works as shipped.
        var inline = InlineScript().Match(html).Groups[1].Value;
        Assert.NotEmpty(inline.Trim());
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'", policy, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
