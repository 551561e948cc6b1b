using CoachBot.Server.Api.CoachConsole.Export;
using Markdig;

namespace CoachBot.Server.Tests.Api.CoachConsole.Export;

/// <summary>Text put into the Markdown export renders as that text and nothing else.</summary>
public sealed class MarkdownTextTests
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    [Theory]
    [InlineData("# Heading\n## Another")]
    [InlineData("<script>alert(1)</script>\n<img src=x onerror=alert(1)>")]
    [InlineData("- item\n+ item\n* item\n1. first\n2) second")]
    [InlineData("Title\n=====\nSub\n-----\n***\n___")]
    [InlineData("    indented code\n```\nfenced\n```\n`inline`")]
    [InlineData("[link](http://evil.example) ![img](http://evil.example/x.png) <http://evil.example>")]
    [InlineData("Visit www.evil.example, https://evil.example/x or write to someone@evil.example")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |")]
    [InlineData("**bold** _em_ ~~gone~~ &lt;b&gt; \\*kept\\*")]
    [InlineData("> quoted\n>> deeper")]
    public void A_quoted_message_renders_as_one_quote_of_plain_paragraph_text(string text)
    {
        var html = Markdown.ToHtml(MarkdownText.Quote(text), Pipeline);

        Assert.StartsWith("<blockquote>\n<p>", html, StringComparison.Ordinal);
        Assert.EndsWith("</p>\n</blockquote>\n", html, StringComparison.Ordinal);
        foreach (var tag in new[] { "<h", "<script", "<img", "<a ", "<ul", "<ol", "<li", "<hr", "<pre", "<code", "<table", "<strong", "<em", "<del", "<blockquote>\n<blockquote" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.Ordinal);
        }

        // Every line is still there, in order, as text.
        var shown = System.Net.WebUtility.HtmlDecode(html.Replace("<br />", string.Empty, StringComparison.Ordinal));
        foreach (var line in text.Split('\n'))
        {
            Assert.Contains(line.Trim(), shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inline_text_stays_on_one_line_and_plain()
    {
        var inline = MarkdownText.Inline("Data <b>Engineer</b>\n# not a heading");

        Assert.DoesNotContain('\n', inline);
        Assert.Equal("<p>Data &lt;b&gt;Engineer&lt;/b&gt; # not a heading</p>\n", Markdown.ToHtml(inline, Pipeline));
    }
}
