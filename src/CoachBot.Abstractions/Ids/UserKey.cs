using System.Diagnostics.CodeAnalysis;

namespace CoachBot.Ids;

/// <summary>
/// A user's identity across CoachBot: the tenant and the user within it. The only factory for per-user grain keys,
/// store rows and SignalR groups, so the tenant is part of every one of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("coachbot.UserKey")]
public readonly record struct UserKey(
    [property: Id(0)] TenantId Tenant,
    [property: Id(1)] UserId User)
{
    private const char Separator = '/';

    /// <summary>The grain key of the user's grain: "tenant/user". Both parts are validated ids, which never contain '/'.</summary>
    public string ToGrainKey() => string.Concat(Tenant.Value, "/", User.Value);

    /// <summary>The SignalR group that reaches every connection of this user.</summary>
    public string ToGroupName() => string.Concat("user:", Tenant.Value, "/", User.Value);

    /// <summary>Reads a key made by <see cref="ToGrainKey"/>.</summary>
    public static bool TryParseGrainKey([NotNullWhen(true)] string? key, out UserKey userKey)
    {
        userKey = default;
        var slash = key?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (slash <= 0
            || !TenantId.TryParse(key![..slash], out var tenant)
            || !UserId.TryParse(key[(slash + 1)..], out var user))
        {
            return false;
        }

        userKey = new UserKey(tenant, user);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => ToGrainKey();
}

/// <summary>Reaching a user's grain from a typed key.</summary>
public static class UserGrainFactoryExtensions
{
    /// <summary>The grain of <paramref name="user"/>.</summary>
    public static Conversations.IUserGrain GetUserGrain(this IGrainFactory grains, UserKey user) =>
        grains.GetGrain<Conversations.IUserGrain>(user.ToGrainKey());
}
