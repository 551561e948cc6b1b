using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CoachBot.Server.Cors;

/// <summary>
/// The CORS policy of endpoints that show only public data (the widget configuration): any origin may read them,
/// without credentials, and the tenant origin check leaves them alone.
/// </summary>
internal static class PublicCors
{
    public const string PolicyName = "public-read";

    public static CorsPolicy Policy { get; } = new CorsPolicyBuilder()
        .AllowAnyOrigin()
        .WithMethods(HttpMethods.Get)
        .WithExposedHeaders("Retry-After")
        .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
        .Build();

    /// <summary>True when the request is for an endpoint that uses this policy.</summary>
    public static bool Applies(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEnableCorsAttribute>()?.PolicyName == PolicyName;
}
