using System.Security.Claims;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Identity;

/// <summary>The "Staff" scheme: coaches' and tenant admins' JWTs from the tenant's identity provider.</summary>
internal static class StaffIdentityRegistration
{
    public const string SchemeName = "Staff";

    public static WebApplicationBuilder AddStaffIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StaffJwtOptions>().Bind(builder.Configuration.GetSection(StaffJwtOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication().AddJwtBearer(SchemeName, _ => { });
        services.AddOptions<JwtBearerOptions>(SchemeName).Configure<IOptions<StaffJwtOptions>>((options, staffOptions) =>
        {
            var staff = staffOptions.Value;
            options.MapInboundClaims = false;
            options.Authority = NullIfEmpty(staff.Authority);
            options.MetadataAddress = NullIfEmpty(staff.MetadataAddress)!;
            options.RequireHttpsMetadata = staff.RequireHttpsMetadata;
            options.Audience = staff.Audience;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = NullIfEmpty(staff.Issuer),
                ValidateIssuer = !string.IsNullOrEmpty(staff.Issuer) || !string.IsNullOrEmpty(staff.Authority) || !string.IsNullOrEmpty(staff.MetadataAddress),
                ValidAudience = staff.Audience,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = staff.ClockSkew,
                IssuerSigningKeys = staff.SigningKeys.Select(key => new SymmetricSecurityKey(Convert.FromBase64String(key))).ToList(),
                NameClaimType = CoachBotClaims.Subject,
                RoleClaimType = CoachBotClaims.Role,
            };
            options.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSocket requests: the console hub takes the token from the query.
                OnMessageReceived = context =>
                {
                    if (Realtime.ConsoleHubRegistration.IsHubRequest(context.Request, out var token))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var principal = ToStaffPrincipal(context.Principal!, staff);
                    // A token the provider signed for a tenant CoachBot does not have acts for no one: refused here, so
                    // no endpoint ever stores an overlay, key or audit entry under a made-up tenant.
                    if (!TenantId.TryParse(principal.FindFirstValue(CoachBotClaims.Tenant), out var tenant)
                        || await context.HttpContext.RequestServices.GetRequiredService<ITenantStore>().GetTenantAsync(tenant, context.HttpContext.RequestAborted) is null)
                    {
                        context.Fail(new StaffTenantUnknownException());
                        return;
                    }

                    context.Principal = principal;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var (code, detail) = context.AuthenticateFailure switch
                    {
                        SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "The staff token has expired."),
                        StaffTenantUnknownException => (ErrorCodes.TenantUnknown, "The staff token names no tenant of this service."),
                        not null => (ErrorCodes.TokenInvalid, "The staff token is not valid."),
                        null => (ErrorCodes.Unauthenticated, "A staff token or API key is required."),
                    };
                    await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, code, detail);
                },
            };
        });
        return builder;
    }

    /// <summary>The provider's claims in CoachBot's names: sub, tid, one role claim per role, kind = staff.</summary>
    private static ClaimsPrincipal ToStaffPrincipal(ClaimsPrincipal validated, StaffJwtOptions staff)
    {
        var claims = new List<Claim> { new(CoachBotClaims.Kind, CoachBotClaims.StaffKind) };
        if (validated.FindFirstValue("sub") is { Length: > 0 } subject)
        {
            claims.Add(new Claim(CoachBotClaims.Subject, subject));
        }

        if ((validated.FindFirstValue("name") ?? validated.FindFirstValue("preferred_username")) is { Length: > 0 } name)
        {
            claims.Add(new Claim(CoachBotClaims.Name, name));
        }

        if (validated.FindFirstValue(staff.TenantClaim) is { Length: > 0 } tenant)
        {
            claims.Add(new Claim(CoachBotClaims.Tenant, tenant));
        }

        var roles = validated.FindAll(staff.RolesClaim)
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal);
        claims.AddRange(roles.Select(role => new Claim(CoachBotClaims.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, CoachBotClaims.Subject, CoachBotClaims.Role));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>A staff token whose tenant claim is missing, malformed or names no existing tenant.</summary>
internal sealed class StaffTenantUnknownException() : SecurityTokenValidationException("The staff token names no existing tenant.");
