using System.Data.Common;
using CoachBot.Ids;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Secrets;

/// <summary>
/// Migration 7's data step: encrypts the model API keys and identity secrets stored in plaintext before secrets were
/// encrypted. Values that already carry the protector's prefix and decrypt are left alone, so running it twice changes nothing.
/// </summary>
internal sealed class EncryptTenantSecretsMigration(ITenantSecretProtector protector) : IDataMigration
{
    public int Version => 7;

    public async Task ApplyAsync(ISqlDialect dialect, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var plaintext = new List<(string Tenant, string Column, TenantSecretKind Kind, string Value)>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT tenant_id, model_api_key, identity_secret FROM tenants WHERE model_api_key IS NOT NULL OR identity_secret IS NOT NULL";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var tenant = reader.GetString(0);
                foreach (var (ordinal, column, kind) in new[] { (1, "model_api_key", TenantSecretKind.ModelApiKey), (2, "identity_secret", TenantSecretKind.IdentitySecret) })
                {
                    if (reader.GetNullableString(ordinal) is { } value && !protector.IsProtected(TenantId.Parse(tenant), kind, value))
                    {
                        plaintext.Add((tenant, column, kind, value));
                    }
                }
            }
        }

        foreach (var (tenant, column, kind, value) in plaintext)
        {
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            // The column is one of the two constants above, never input.
            write.CommandText = $"UPDATE tenants SET {column} = @value WHERE tenant_id = @tenant";
            write.AddParameter(dialect, "@tenant", tenant);
            write.AddParameter(dialect, "@value", protector.Protect(TenantId.Parse(tenant), kind, value));
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
