using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CoachBot.Widget;

/// <summary>A file embedded in this assembly, served with a strong ETag (its SHA-256) and the given cache policy.</summary>
internal sealed class WidgetAsset
{
    private WidgetAsset(byte[] content, string contentType, string cacheControl)
    {
        Content = content;
        ContentType = contentType;
        CacheControl = cacheControl;
        ETag = "\"" + Convert.ToBase64String(SHA256.HashData(content), 0, 18).Replace('+', '-').Replace('/', '_') + "\"";
    }

    public byte[] Content { get; }

    public string ContentType { get; }

    public string CacheControl { get; }

    public string ETag { get; }

    public static WidgetAsset Load(string resourceName, string contentType, string cacheControl) =>
        new(Read(resourceName), contentType, cacheControl);

    public static WidgetAsset FromText(string text, string contentType, string cacheControl) =>
        new(System.Text.Encoding.UTF8.GetBytes(text), contentType, cacheControl);

    public static byte[] Read(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The widget resource {resourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes the asset, or 304 when the client already has this version.</summary>
    public IResult Serve(HttpContext context, string? cacheControl = null)
    {
        var headers = context.Response.Headers;
        headers.ETag = ETag;
        headers.CacheControl = cacheControl ?? CacheControl;
        headers.XContentTypeOptions = "nosniff";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) && tags.Any(t => t.Tag.Equals(ETag, StringComparison.Ordinal) || t.Tag.Equals("*", StringComparison.Ordinal)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(Content, ContentType);
    }
}
