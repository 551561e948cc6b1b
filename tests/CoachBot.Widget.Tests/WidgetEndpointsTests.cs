using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoachBot.Server.Tests.Api;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Widget.Tests;

/// <summary>The widget's files and pages over plain HTTP: caching headers, conditional requests, HEAD and bad keys.</summary>
public sealed class WidgetEndpointsTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/widget.js", "text/javascript")]
    [InlineData("/", "text/html")]
    [InlineData("/console", "text/html")]
    [InlineData("/console/console.js", "text/javascript")]
    public async Task Files_are_served_with_an_etag_revalidate_to_304_and_answer_head_without_a_body(string path, string mediaType)
    {
        using var get = await fixture.Host.Http.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(mediaType, get.Content.Headers.ContentType?.MediaType);
        var body = await get.Content.ReadAsByteArrayAsync(Cancel);
        Assert.NotEmpty(body);
        var etag = get.Headers.ETag ?? throw new Xunit.Sdk.XunitException("no ETag on " + path);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        using var notModified = await fixture.Host.Http.SendAsync(conditional, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Cancel));

        using var headRequest = new HttpRequestMessage(HttpMethod.Head, path);
        using var head = await fixture.Host.Http.SendAsync(headRequest, Cancel);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(etag, head.Headers.ETag);
        Assert.Equal(body.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task The_iframe_page_refuses_an_unknown_tenant_key_with_a_problem()
    {
        using var response = await fixture.Host.Http.GetAsync(new Uri("/widget/frame?tenantKey=cbw_unknown0000000000000000", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancel))!;
        Assert.Equal("tenant_key_invalid", problem.Extensions["code"]?.ToString());
    }
}
