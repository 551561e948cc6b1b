using System.Collections.Concurrent;

namespace CoachBot.Benchmarks.Reference;

/// <summary>One turn at a time per user on this process: what CoachBot's grain guarantees, kept here with a set.</summary>
public sealed class TurnGate
{
    private readonly ConcurrentDictionary<(string Tenant, string User), byte> _running = new();

    public bool TryEnter((string Tenant, string User) user) => _running.TryAdd(user, 0);

    public void Exit((string Tenant, string User) user) => _running.TryRemove(user, out _);
}
