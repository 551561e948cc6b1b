namespace CoachBot.Server.Tenancy;

/// <summary>
/// Which state of a tenant's settings and secrets a host read: the store's last change time (every change of settings or
/// secrets moves it, so other hosts see it on their next read) and how many changes this host made itself (so its own
/// change counts even within one clock tick).
/// </summary>
internal readonly record struct TenantSettingsVersion(DateTimeOffset UpdatedAt, long LocalChanges);
