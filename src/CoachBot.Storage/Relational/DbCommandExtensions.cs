using System.Data.Common;

namespace CoachBot.Storage.Relational;

internal static class DbCommandExtensions
{
    /// <summary>
    /// Adds a named parameter whose value the dialect converts to the engine's types (times, booleans, JSON). The name is
    /// written as the SQL writes it, <c>@</c> included: SQLite's provider finds such a name at once, where a bare one is
    /// looked up again under each prefix it might have, a string and a native lookup for each, on every execution.
    /// </summary>
    public static void AddParameter(this DbCommand command, ISqlDialect dialect, string name, object? value)
    {
        if (!name.StartsWith('@'))
        {
            throw new ArgumentException($"A parameter's name is written as in the SQL, with its @: {name}.", nameof(name));
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        dialect.BindParameter(parameter, value);
        command.Parameters.Add(parameter);
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetTimestamp(this DbDataReader reader, ISqlDialect dialect, int ordinal) =>
        dialect.ReadTimestamp(reader.GetValue(ordinal));

    public static DateTimeOffset? GetNullableTimestamp(this DbDataReader reader, ISqlDialect dialect, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : dialect.ReadTimestamp(reader.GetValue(ordinal));

    public static bool GetBoolean(this DbDataReader reader, ISqlDialect dialect, int ordinal) =>
        dialect.ReadBoolean(reader.GetValue(ordinal));
}
