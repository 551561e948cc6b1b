using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CoachBot.Widget;

/// <summary>
/// The Content-Security-Policy of CoachBot's own pages. Scripts come from CoachBot itself, plus the page's own inline
/// scripts by their SHA-256 (nothing injected can run); the widget opens its hub and REST calls to the same origin; its
/// styles are built at run time, so inline styles are allowed (they cannot run code).
/// </summary>
internal static partial class PagePolicy
{
    /// <summary>The policy for <paramref name="html"/>, framable by <paramref name="frameAncestors"/> (space-separated sources).</summary>
    public static string For(string html, string frameAncestors)
    {
        var inline = InlineScript().Matches(html)
            .Select(m => m.Groups["body"].Value)
            .Where(body => body.Trim().Length > 0)
            .Select(body => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}'");
        return "default-src 'self'; script-src 'self'" + string.Concat(inline)
            + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "
            + frameAncestors;
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
