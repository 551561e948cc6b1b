using CoachBot.Ids;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Storage.Tenancy;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tests.Tenancy;

/// <summary>Widget appearance inside the stored tenant settings JSON.</summary>
public sealed class TenantWidgetSettingsStorageTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Tenant_settings_stored_before_widget_settings_read_back_with_the_widget_defaults(StorageEngine engine)
    {
        _db.Start(engine);
        var database = _db.Open();
        var tenantStore = new RelationalTenantStore(database, TestSecrets.Protector);
        var tenant = new Tenant(TenantId.Parse("tenant-a"), "Tenant A", new TenantSettings(), false, T0, T0);
        Assert.True(await tenantStore.CreateTenantAsync(tenant, null, new AuditActor("operator", "op-1"), Cancel));
        await using (var connection = await database.OpenAsync(Cancel))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """UPDATE tenants SET settings = '{"persona":{"coachName":"Ada","tone":"calm","greeting":"Hi"},"retentionDays":90}'""";
            await command.ExecuteNonQueryAsync(Cancel);
        }

        var settings = (await tenantStore.GetTenantAsync(tenant.Id, Cancel))!.Settings;

        Assert.Equal(("Ada", 90), (settings.Persona.CoachName, settings.RetentionDays));
        Assert.Equal(new TenantWidgetSettings(), settings.Widget);
        Assert.Equal(("#2563eb", "bottom-right", "auto"), (settings.Widget.PrimaryColor, settings.Widget.Position, settings.Widget.ColorScheme));
        Assert.Null(settings.Widget.AvatarUrl);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Widget_settings_are_stored_and_a_change_is_audited_as_widget(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTenantStore(_db.Open(), TestSecrets.Protector);
        var actor = new AuditActor("operator", "op-1");
        var tenant = new Tenant(TenantId.Parse("tenant-a"), "Tenant A", new TenantSettings(), false, T0, T0);
        Assert.True(await store.CreateTenantAsync(tenant, null, actor, Cancel));
        var widget = new TenantWidgetSettings { PrimaryColor = "#112233", Position = "bottom-left", ColorScheme = "dark", Title = "Careers", AvatarUrl = "/avatar.png" };

        await store.UpdateTenantAsync(tenant.Id, "Tenant A", new TenantSettings { Widget = widget }, null, T0.AddMinutes(1), actor, Cancel);

        Assert.Equal(widget, (await new RelationalTenantStore(_db.Open(), TestSecrets.Protector).GetTenantAsync(tenant.Id, Cancel))!.Settings.Widget);
        var change = (await store.ListAuditAsync(tenant.Id, 1, Cancel)).Single();
        Assert.Equal(AuditActions.SettingsChanged, change.Action);
        Assert.Equal("""{"changed":["widget"]}""", change.Detail);
    }
}
