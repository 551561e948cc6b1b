using System.Globalization;

namespace CoachBot.Benchmarks.Load;

/// <summary>The command line: a command, then <c>--name=value</c> pairs (a bare <c>--name</c> means true).</summary>
public sealed class Settings
{
    private readonly Dictionary<string, string> _values;

    private Settings(string command, Dictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    public string Command { get; }

    public bool Quick => Flag("quick");

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args.Skip(1))
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }

            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            values[separator < 0 ? arg[2..] : arg[2..separator]] = separator < 0 ? "true" : arg[(separator + 1)..];
        }

        return new Settings(args.Length > 0 ? args[0] : "", values);
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required.");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _values.TryGetValue(name, out var value) && bool.Parse(value);

    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Duration(string name, TimeSpan fallback) =>
        _values.TryGetValue(name, out var value) ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
