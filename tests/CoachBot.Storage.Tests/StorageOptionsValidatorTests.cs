using CoachBot.Storage.Relational;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Storage.Tests;

/// <summary>The one storage switch: Storage:Provider picks the engine, and a wrong setting stops the start with a clear message.</summary>
public sealed class StorageOptionsValidatorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coachbot-options-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Without_settings_the_embedded_sqlite_file_is_used()
    {
        using var services = Build(new Dictionary<string, string?>());

        var dialect = Assert.IsType<SqliteDialect>(services.GetRequiredService<ISqlDialect>());
        Assert.Equal(Path.Combine(_folder.FullName, "coachbot.db"), dialect.DatabasePath);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("postgresql")]
    public void PostgreSql_with_a_connection_string_uses_the_postgres_dialect(string provider)
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = "Host=db.internal;Database=coachbot;Username=coachbot;Password=secret",
        });

        var dialect = Assert.IsType<PostgresDialect>(services.GetRequiredService<ISqlDialect>());
        Assert.Equal("postgresql", dialect.Name);
    }

    [Theory]
    [InlineData("PostgreSql", null, "Storage:ConnectionString is required when Storage:Provider is PostgreSql")]
    [InlineData("PostgreSql", "  ", "Storage:ConnectionString is required when Storage:Provider is PostgreSql")]
    [InlineData("PostgreSql", "Hots=db;Database=coachbot", "Storage:ConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("PostgreSql", "Database=coachbot;Username=coachbot", "Storage:ConnectionString names no Host")]
    [InlineData("Postgres", "Host=db", "Storage:Provider 'Postgres' is not supported: use 'Sqlite' (embedded default) or 'PostgreSql'")]
    [InlineData("MySql", null, "Storage:Provider 'MySql' is not supported")]
    public void A_wrong_setting_fails_on_start_with_a_message_naming_it(string provider, string? connectionString, string expected)
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Storage:DataDirectory"] = _folder.FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None));
        services.AddCoachBotStorage(configuration);
        return services.BuildServiceProvider();
    }
}
