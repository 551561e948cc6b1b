using Microsoft.Extensions.Options;
using Npgsql;

namespace CoachBot.Storage;

/// <summary>Checks the engine choice and, for PostgreSQL, that a usable connection string is given.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.Equals(options.Provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        if (!options.UsesPostgreSql)
        {
            return ValidateOptionsResult.Fail(
                $"Storage:Provider '{options.Provider}' is not supported: use '{StorageProviders.Sqlite}' (embedded default) or '{StorageProviders.PostgreSql}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "Storage:ConnectionString is required when Storage:Provider is PostgreSql, e.g. \"Host=db;Port=5432;Database=coachbot;Username=coachbot;Password=...\".");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return ValidateOptionsResult.Fail("Storage:ConnectionString names no Host.");
            }
        }
        catch (ArgumentException ex)
        {
            // The message names the offending keyword, never the password.
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is not a valid PostgreSQL connection string: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
