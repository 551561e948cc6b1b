using CoachBot.Ids;
using CoachBot.Server.Tenancy;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Tenancy;
using CoachBot.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Server.Tests.Tenancy;

/// <summary>Widget keys resolved through the tenant settings cache: cached while valid, dropped on change, never cached when unknown.</summary>
public sealed class CachedTenantSettingsWidgetKeyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Admin = new("tenant-admin", "key_1");
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly RelationalTenantStore _store;
    private readonly CachedTenantSettings _cache;

    public CachedTenantSettingsWidgetKeyTests()
    {
        _store = new RelationalTenantStore(new RelationalDatabase(new SqliteDialect(Path.Combine(_data.Path, "coachbot.db"), TimeSpan.FromSeconds(5)), NullLogger<RelationalDatabase>.Instance));
        _cache = new CachedTenantSettings(_store, _clock);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task A_key_replaced_elsewhere_resolves_from_the_cache_only_until_it_expires()
    {
        var (tenant, oldKey) = await CreateTenantAsync("acme");
        Assert.Equal(tenant, (await _cache.FindByWidgetKeyAsync(oldKey, Cancel))?.Tenant);

        // Replaced on another host: this host's cache does not know yet.
        Assert.True(await _store.SetWidgetKeyAsync(tenant, WidgetKeys.NewWidgetKey(), Now, Admin, Cancel));
        Assert.Equal(tenant, (await _cache.FindByWidgetKeyAsync(oldKey, Cancel))?.Tenant);

        _clock.Advance(CachedTenantSettings.Lifetime);
        Assert.Null(await _cache.FindByWidgetKeyAsync(oldKey, Cancel));
    }

    [Fact]
    public async Task Forgetting_the_tenant_stops_its_old_key_at_once_and_keeps_other_tenants_keys()
    {
        var (acme, acmeKey) = await CreateTenantAsync("acme");
        var (globex, globexKey) = await CreateTenantAsync("globex");
        await _cache.FindByWidgetKeyAsync(acmeKey, Cancel);
        await _cache.FindByWidgetKeyAsync(globexKey, Cancel);
        var newKey = WidgetKeys.NewWidgetKey();
        Assert.True(await _store.SetWidgetKeyAsync(acme, newKey, Now, Admin, Cancel));

        _cache.Forget(acme);

        Assert.Null(await _cache.FindByWidgetKeyAsync(acmeKey, Cancel));
        Assert.Equal(acme, (await _cache.FindByWidgetKeyAsync(newKey, Cancel))?.Tenant);
        Assert.Equal(globex, (await _cache.FindByWidgetKeyAsync(globexKey, Cancel))?.Tenant);
    }

    [Fact]
    public async Task An_unknown_key_is_not_remembered_so_it_resolves_as_soon_as_a_tenant_has_it()
    {
        var (tenant, _) = await CreateTenantAsync("acme");
        var key = WidgetKeys.NewWidgetKey();
        Assert.Null(await _cache.FindByWidgetKeyAsync(key, Cancel));

        Assert.True(await _store.SetWidgetKeyAsync(tenant, key, Now, Admin, Cancel));

        Assert.Equal(tenant, (await _cache.FindByWidgetKeyAsync(key, Cancel))?.Tenant);
    }

    [Fact]
    public async Task The_settings_served_for_a_key_follow_a_settings_change_on_this_host_at_once()
    {
        var (tenant, key) = await CreateTenantAsync("acme");
        Assert.Equal("auto", (await _cache.FindByWidgetKeyAsync(key, Cancel))?.Settings.Widget.ColorScheme);
        var dark = new TenantSettings { Widget = new TenantWidgetSettings { ColorScheme = "dark" } };
        await _store.UpdateTenantAsync(tenant, "acme", dark, null, Now, Admin, Cancel);

        _cache.Forget(tenant);

        Assert.Equal("dark", (await _cache.FindByWidgetKeyAsync(key, Cancel))?.Settings.Widget.ColorScheme);
    }

    private async Task<(TenantId Tenant, string WidgetKey)> CreateTenantAsync(string id)
    {
        var tenant = new Tenant(TenantId.Parse(id), id, new TenantSettings(), false, Now, Now) { WidgetKey = WidgetKeys.NewWidgetKey() };
        Assert.True(await _store.CreateTenantAsync(tenant, null, new AuditActor("operator", "op-1"), Cancel));
        return (tenant.Id, tenant.WidgetKey!);
    }
}
