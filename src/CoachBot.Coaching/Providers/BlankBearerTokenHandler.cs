using System.Net.Http.Headers;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Drops an Authorization header that carries no token. The OpenAI connector always sends a bearer header, blank when an
/// OpenAI-compatible server needs no key; sending none is what such servers (and proxies in front of them) expect.
/// </summary>
internal sealed class BlankBearerTokenHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues("Authorization", out var values) && values.All(IsBlankBearer))
        {
            request.Headers.Authorization = null;
            request.Headers.Remove("Authorization");
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static bool IsBlankBearer(string value) =>
        AuthenticationHeaderValue.TryParse(value, out var parsed)
            ? string.Equals(parsed.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(parsed.Parameter)
            : string.Equals(value.Trim(), "Bearer", StringComparison.OrdinalIgnoreCase);
}
