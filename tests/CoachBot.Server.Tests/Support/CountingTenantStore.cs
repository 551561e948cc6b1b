using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using CoachBot.Tenancy;

namespace CoachBot.Server.Tests.Support;

/// <summary>The real tenant store behind a proxy that counts the calls of each method, to show what a hot path does not read.</summary>
public class CountingTenantStore : DispatchProxy
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private ITenantStore _inner = null!;

    /// <summary>A store that forwards every call to <paramref name="inner"/>, and its counter.</summary>
    public static (ITenantStore Store, CountingTenantStore Counter) Wrap(ITenantStore inner)
    {
        var store = Create<ITenantStore, CountingTenantStore>();
        var counter = (CountingTenantStore)(object)store;
        counter._inner = inner;
        return (store, counter);
    }

    /// <summary>How often the store's method of that name was called.</summary>
    public int Count(string method) => _calls.GetValueOrDefault(method);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        _calls.AddOrUpdate(targetMethod.Name, 1, (_, count) => count + 1);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
