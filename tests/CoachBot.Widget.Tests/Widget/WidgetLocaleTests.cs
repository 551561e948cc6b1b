using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>The widget's language and direction: its own, whatever the host page's; strings from locale files.</summary>
public sealed class WidgetLocaleTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private async Task<WidgetDriver> HostPageAsync(string name, string htmlAttributes, string script)
    {
        var page = await browser.NewPageAsync(reducedMotion: true);
        var url = new Uri(fixture.Host.BaseAddress, "/" + name).ToString();
        var html = $$"""
            <!doctype html><html {{htmlAttributes}}><head><title>{{name}}</title><style>body { text-align: right; }</style></head>
            <body><h1>صفحة</h1><script src="/widget.js"></script><script>{{script}}</script></body></html>
            """;
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = html }));
        await page.GotoAsync(url);
        return new WidgetDriver(page);
    }

    [Fact]
    public async Task On_a_right_to_left_page_the_widget_keeps_its_own_direction_and_messages_follow_their_text()
    {
        var widget = await HostPageAsync("rtl-page", "dir=\"rtl\" lang=\"he\"", "");
        var page = widget.Page;
        await widget.OpenAsync();
        // Hebrew has no locale file: English, left to right, whatever the page says.
        await Expect(widget.Panel).ToHaveAttributeAsync("dir", "ltr");
        await Expect(widget.Panel).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("[data-cb=send]")).ToHaveTextAsync("Send");
        await Expect(widget.Panel).ToHaveCSSAsync("direction", "ltr");

        await widget.AskAsync("שלום, how do I become a senior backend developer?");
        var reply = await widget.ReplyEndedAsync();
        await Expect(widget.Messages.First.Locator("[data-cb=message-text]")).ToHaveAttributeAsync("dir", "auto");
        await Expect(reply.Locator("[data-cb=message-text]")).ToHaveAttributeAsync("dir", "auto");
        await Expect(reply.Locator("[data-cb=message-text]")).ToHaveCSSAsync("direction", "ltr");
        // Each message says who speaks, for screen readers.
        await Expect(widget.Messages.First.Locator("[data-cb=speaker]")).ToHaveTextAsync("You:");
        await Expect(reply.Locator("[data-cb=speaker]")).ToHaveTextAsync("CoachBot:");
        await Expect(page.Locator("coachbot-widget header, coachbot-widget [role=banner]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "rtl-page-english-widget");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Arabic_page_gets_the_Arabic_widget_right_to_left_and_clean_under_axe()
    {
        var widget = await HostPageAsync("arabic-page", "dir=\"rtl\" lang=\"ar\"", "");
        var page = widget.Page;
        await widget.OpenAsync();
        await Expect(widget.Panel).ToHaveAttributeAsync("dir", "rtl");
        await Expect(widget.Panel).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Locator("[data-cb=send]")).ToHaveTextAsync("إرسال");
        await Expect(page.Locator("[data-cb=suggestion]").First).ToHaveTextAsync("كيف أصل إلى المستوى التالي في دوري؟");
        await widget.AskAsync("How do I become a senior backend developer?");
        await widget.ReplyEndedAsync();
        await AxeScript.InjectAsync(page);
        await AxeScript.AssertNoViolationsAsync(page, "Arabic, right to left");
        await BrowserFixture.ScreenshotAsync(page, "locale-ar");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("en", "Send", "New conversation", "Close")]
    [InlineData("de", "Senden", "Neues Gespräch", "Schließen")]
    [InlineData("es", "Enviar", "Nueva conversación", "Cerrar")]
    [InlineData("fr", "Envoyer", "Nouvelle conversation", "Fermer")]
    [InlineData("ar", "إرسال", "محادثة جديدة", "إغلاق")]
    public async Task The_locale_chosen_by_init_wins_over_the_page_language(string locale, string send, string newConversation, string close)
    {
        var widget = await HostPageAsync("locale-" + locale, "lang=\"fr\"", $"CoachBot.init({{ locale: '{locale}-XX' }});");
        var page = widget.Page;
        await widget.OpenAsync();
        await Expect(widget.Panel).ToHaveAttributeAsync("lang", locale);
        await Expect(page.Locator("[data-cb=send]")).ToHaveTextAsync(send);
        await Expect(page.Locator("[data-cb=new-conversation]")).ToHaveAttributeAsync("aria-label", newConversation);
        await Expect(widget.Launcher.Locator("span").First).ToHaveTextAsync(close);
        await page.Context.CloseAsync();
    }
}
