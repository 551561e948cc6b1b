using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CoachBot.Tenancy;

namespace CoachBot.Server.Identity;

/// <summary>
/// The text of API keys: a prefix naming the kind, then 32 random bytes in base64url. Only the SHA-256 of the whole
/// text (lowercase hex, as <c>echo -n KEY | sha256sum</c> prints it) is ever stored.
/// </summary>
public static class ApiKeyFormat
{
    public const string OperatorPrefix = "cbk_op_";
    public const string TenantAdminPrefix = "cbk_admin_";
    public const string ServicePrefix = "cbk_svc_";

    /// <summary>Characters of the random part kept as a hint, enough to tell keys apart and too few to matter.</summary>
    private const int HintLength = 4;

    /// <summary>A new key and its hint.</summary>
    public static (string Text, string Hint) Generate(ApiKeyKind kind)
    {
        var prefix = PrefixFor(kind);
        var text = prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (text, text[..(prefix.Length + HintLength)]);
    }

    /// <summary>The SHA-256 of the key text as lowercase hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>True when the text could be a CoachBot key; anything else is refused without a database lookup.</summary>
    public static bool IsWellFormed(string text) =>
        text.Length <= 128
        && (text.StartsWith(OperatorPrefix, StringComparison.Ordinal)
            || text.StartsWith(TenantAdminPrefix, StringComparison.Ordinal)
            || text.StartsWith(ServicePrefix, StringComparison.Ordinal));

    public static string PrefixFor(ApiKeyKind kind) => kind switch
    {
        ApiKeyKind.Operator => OperatorPrefix,
        ApiKeyKind.TenantAdmin => TenantAdminPrefix,
        ApiKeyKind.Service => ServicePrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The role claim a key of this kind carries.</summary>
    public static string RoleFor(ApiKeyKind kind) => kind switch
    {
        ApiKeyKind.Operator => CoachBotRoles.Operator,
        ApiKeyKind.TenantAdmin => CoachBotRoles.TenantAdmin,
        ApiKeyKind.Service => CoachBotRoles.Service,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind for a role name, as clients write it when creating keys.</summary>
    public static bool TryParseRole(string? role, out ApiKeyKind kind)
    {
        (var known, kind) = role switch
        {
            CoachBotRoles.TenantAdmin => (true, ApiKeyKind.TenantAdmin),
            CoachBotRoles.Service => (true, ApiKeyKind.Service),
            CoachBotRoles.Operator => (true, ApiKeyKind.Operator),
            _ => (false, default),
        };
        return known;
    }
}

/// <summary>The values of the "role" claim.</summary>
public static class CoachBotRoles
{
    public const string Operator = "operator";
    public const string TenantAdmin = "tenant-admin";
    public const string Service = "service";

    /// <summary>A staff member who may read the transcripts of users who consented (staff JWTs only).</summary>
    public const string Coach = "coach";
}
