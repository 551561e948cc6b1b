using System.Data.Common;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Tenant secrets (encrypted columns beside the settings) and the channel ids that route Slack and Teams traffic to a
/// tenant (one row per id, so an id can belong to one tenant only).
/// </summary>
public sealed partial class RelationalTenantStore
{
    private const string SlackTeamChannel = "slack-team";
    private const string TeamsAppChannel = "teams-app";

    public async Task<string?> GetSecretAsync(TenantId tenantId, TenantSecretKind kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The column comes from the fixed map below, never from input.
        command.CommandText = $"SELECT {SecretColumn(kind)} FROM tenants WHERE tenant_id = @tenant";
        command.AddParameter(Sql, "@tenant", tenantId.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is string stored ? protector.Unprotect(tenantId, kind, stored) : null;
    }

    public Task<Tenant?> FindTenantBySlackTeamAsync(string teamId, CancellationToken cancellationToken = default) =>
        FindTenantByChannelIdAsync(SlackTeamChannel, teamId.Trim(), cancellationToken);

    public async Task<Tenant?> FindTenantByTeamsAppAsync(string appId, string? entraTenantId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(appId, out var app))
        {
            return null;
        }

        var tenant = await FindTenantByChannelIdAsync(TeamsAppChannel, app.ToString("D"), cancellationToken);
        if (tenant?.Settings.Channels.Teams.TenantId is { } required
            && !(Guid.TryParse(entraTenantId, out var presented) && presented == Guid.Parse(required)))
        {
            return null;
        }

        return tenant;
    }

    /// <summary>The names the audit log uses for the secrets a change writes.</summary>
    private static IEnumerable<string> SecretNames(TenantSecretChanges secrets) => secrets.Given().Select(change => change.Kind switch
    {
        TenantSecretKind.ModelApiKey => "model.apiKey",
        TenantSecretKind.SlackSigningSecret => "channels.slack.signingSecret",
        TenantSecretKind.SlackBotToken => "channels.slack.botToken",
        TenantSecretKind.TeamsAppPassword => "channels.teams.appPassword",
        _ => "identitySecret",
    });

    private static string SecretColumn(TenantSecretKind kind) => kind switch
    {
        TenantSecretKind.ModelApiKey => "model_api_key",
        TenantSecretKind.IdentitySecret => "identity_secret",
        TenantSecretKind.SlackSigningSecret => "slack_signing_secret",
        TenantSecretKind.SlackBotToken => "slack_bot_token",
        TenantSecretKind.TeamsAppPassword => "teams_app_password",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private async Task WriteSecretsAsync(DbTransaction transaction, TenantId tenantId, TenantSecretChanges secrets, CancellationToken cancellationToken)
    {
        foreach (var (kind, change) in secrets.Given())
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE tenants SET {SecretColumn(kind)} = @value WHERE tenant_id = @tenant";
            command.AddParameter(Sql, "@tenant", tenantId.Value);
            command.AddParameter(Sql, "@value", change.NewValue is { } value ? protector.Protect(tenantId, kind, value) : null);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Replaces the tenant's channel ids; an id another tenant holds is refused without saying which tenant.</summary>
    private async Task WriteChannelIdsAsync(DbTransaction transaction, TenantId tenantId, TenantChannelSettings channels, CancellationToken cancellationToken)
    {
        await using (var clear = transaction.Connection!.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM tenant_channel_ids WHERE tenant_id = @tenant";
            clear.AddParameter(Sql, "@tenant", tenantId.Value);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        var ids = channels.Slack.TeamIds.Select(id => (Channel: SlackTeamChannel, Id: id, Name: "Slack team id"));
        if (channels.Teams.AppId is { } app)
        {
            ids = ids.Append((TeamsAppChannel, app, "Teams app id"));
        }

        foreach (var (channel, id, name) in ids.Distinct())
        {
            await using var insert = transaction.Connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO tenant_channel_ids (channel, external_id, tenant_id) VALUES (@channel, @id, @tenant)";
            insert.AddParameter(Sql, "@channel", channel);
            insert.AddParameter(Sql, "@id", id);
            insert.AddParameter(Sql, "@tenant", tenantId.Value);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
            {
                throw new CoachBotException(ErrorCodes.ChannelInUse, $"The {name} '{id}' is already connected to another tenant.");
            }
        }
    }

    private async Task<Tenant?> FindTenantByChannelIdAsync(string channel, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TenantColumns} FROM tenants WHERE tenant_id = (SELECT tenant_id FROM tenant_channel_ids WHERE channel = @channel AND external_id = @id)";
        command.AddParameter(Sql, "@channel", channel);
        command.AddParameter(Sql, "@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }
}
