using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;

namespace CoachBot.Server.Tests.Tenancy;

/// <summary>What a tenant may set as its widget's appearance: shown to every visitor, so links and sizes are bounded.</summary>
public sealed class WidgetSettingsValidationTests
{
    [Fact]
    public void Omitted_widget_settings_take_the_defaults()
    {
        var (_, settings, _) = TenantSettingsValidation.Validate("Acme", new TenantSettingsInput());

        Assert.Equal(new TenantWidgetSettings(), settings.Widget);
        Assert.Equal(("#2563eb", "bottom-right", "auto", null, null, null), Tuple(settings.Widget));
    }

    [Fact]
    public void Valid_settings_are_kept_trimmed_and_the_color_lowercased_and_empty_texts_mean_the_default()
    {
        var widget = Validate(new WidgetSettingsInput
        {
            PrimaryColor = " #A1B2C3 ",
            Position = "bottom-left",
            ColorScheme = "dark",
            Title = "  Career desk  ",
            LauncherLabel = "",
            AvatarUrl = "https://cdn.acme.example/coach.png",
        });

        Assert.Equal(("#a1b2c3", "bottom-left", "dark", "Career desk", null, "https://cdn.acme.example/coach.png"), Tuple(widget));
    }

    [Theory]
    [InlineData("/avatars/coach.png")]
    [InlineData("https://cdn.acme.example/a/b.svg?v=2")]
    [InlineData("data:image/jpeg;base64,/9j/4AAQSkZJRg==")]
    [InlineData("data:image/svg+xml;base64,PHN2Zy8+")]
    [InlineData("data:image/webp;base64,UklGRg==")]
    public void Https_paths_and_small_image_data_urls_are_accepted_as_avatars(string url) =>
        Assert.Equal(url, Validate(new WidgetSettingsInput { AvatarUrl = url }).AvatarUrl);

    [Fact]
    public void A_data_url_of_exactly_64_KB_is_accepted() =>
        Assert.NotNull(Validate(new WidgetSettingsInput { AvatarUrl = DataUrlOfLength(WidgetSettingsValidation.MaxDataUrlLength) }).AvatarUrl);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)")]
    [InlineData("http://cdn.acme.example/coach.png")]
    [InlineData("//evil.example/coach.png")]
    [InlineData("ftp://cdn.acme.example/coach.png")]
    [InlineData("https://user:pass@cdn.acme.example/coach.png")]
    [InlineData("coach.png")]
    [InlineData("/avatars/coach 1.png")]
    [InlineData("/a\"onerror=\"alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("data:image/gif;base64,R0lGODlh")]
    [InlineData("data:image/png,not-base64")]
    [InlineData("data:image/png;base64,<svg/onload=alert(1)>")]
    public void Other_avatar_urls_are_refused(string url) => AssertRefused(new WidgetSettingsInput { AvatarUrl = url }, "widget.avatarUrl");

    [Fact]
    public void A_data_url_over_64_KB_is_refused() =>
        AssertRefused(new WidgetSettingsInput { AvatarUrl = DataUrlOfLength(WidgetSettingsValidation.MaxDataUrlLength + 4) }, "widget.avatarUrl");

    [Theory]
    [InlineData("blue")]
    [InlineData("#12345")]
    [InlineData("#1234567")]
    [InlineData("#12345g")]
    [InlineData("rgb(0,0,0)")]
    [InlineData("")]
    public void A_color_that_is_not_hex_rrggbb_is_refused(string color) => AssertRefused(new WidgetSettingsInput { PrimaryColor = color }, "widget.primaryColor");

    [Theory]
    [InlineData("top-right")]
    [InlineData("Bottom-Right")]
    [InlineData("")]
    public void A_position_other_than_the_two_bottom_corners_is_refused(string position) => AssertRefused(new WidgetSettingsInput { Position = position }, "widget.position");

    [Fact]
    public void An_unknown_color_scheme_is_refused() => AssertRefused(new WidgetSettingsInput { ColorScheme = "sepia" }, "widget.colorScheme");

    [Fact]
    public void Titles_and_launcher_labels_over_their_limits_are_refused()
    {
        Assert.Equal(new string('t', 60), Validate(new WidgetSettingsInput { Title = new string('t', 60) }).Title);
        Assert.Equal(new string('l', 40), Validate(new WidgetSettingsInput { LauncherLabel = new string('l', 40) }).LauncherLabel);
        AssertRefused(new WidgetSettingsInput { Title = new string('t', 61) }, "widget.title");
        AssertRefused(new WidgetSettingsInput { LauncherLabel = new string('l', 41) }, "widget.launcherLabel");
        AssertRefused(new WidgetSettingsInput { Title = "Line\nbreak" }, "widget.title");
    }

    [Fact]
    public void Every_bad_value_is_named_in_one_refusal()
    {
        var refused = Assert.Throws<CoachBotException>(() => Validate(new WidgetSettingsInput { PrimaryColor = "red", Position = "middle", AvatarUrl = "javascript:x" }));

        Assert.Equal(ErrorCodes.SettingsInvalid, refused.Code);
        Assert.Contains("widget.primaryColor", refused.Message, StringComparison.Ordinal);
        Assert.Contains("widget.position", refused.Message, StringComparison.Ordinal);
        Assert.Contains("widget.avatarUrl", refused.Message, StringComparison.Ordinal);
    }

    private static TenantWidgetSettings Validate(WidgetSettingsInput widget) =>
        TenantSettingsValidation.Validate("Acme", new TenantSettingsInput { Widget = widget }).Settings.Widget;

    private static void AssertRefused(WidgetSettingsInput widget, string member)
    {
        var refused = Assert.Throws<CoachBotException>(() => Validate(widget));
        Assert.Equal(ErrorCodes.SettingsInvalid, refused.Code);
        Assert.Contains(member, refused.Message, StringComparison.Ordinal);
    }

    private static string DataUrlOfLength(int length)
    {
        const string Prefix = "data:image/png;base64,";
        return Prefix + new string('A', length - Prefix.Length);
    }

    private static (string, string, string, string?, string?, string?) Tuple(TenantWidgetSettings w) =>
        (w.PrimaryColor, w.Position, w.ColorScheme, w.Title, w.LauncherLabel, w.AvatarUrl);
}
