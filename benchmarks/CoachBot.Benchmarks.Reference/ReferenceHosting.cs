using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Benchmarks.Reference;

/// <summary>Registration and routes of the reference server.</summary>
public static class ReferenceHosting
{
    public const string HubPath = "/hubs/coach";

    public static WebApplicationBuilder AddReferenceServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReferenceOptions>().Bind(builder.Configuration.GetSection(ReferenceOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(ReferenceOptions.SectionName).Get<ReferenceOptions>() ?? new ReferenceOptions();
        var signingKey = new SymmetricSecurityKey(string.IsNullOrEmpty(options.SigningKey) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(options.SigningKey));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SessionIssuer(signingKey, sp.GetRequiredService<TimeProvider>()));

        services.AddPooledDbContextFactory<ReferenceDb>(db => db
            .UseSqlite($"Data Source={options.DatabasePath};Pooling=True")
            .AddInterceptors(new SqlitePragmas()));
        services.AddHttpClient<ModelClient>((sp, http) => http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<ReferenceOptions>>().Value.ModelEndpoint.TrimEnd('/') + "/"));
        services.AddSingleton<TurnGate>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = SessionIssuer.ValidationParameters(signingKey);
            jwt.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets: the hub takes the token from the query, as CoachBot's does.
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments(HubPath) && context.Request.Query.TryGetValue("access_token", out var token))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        services.AddSignalR();
        return builder;
    }

    public static WebApplication MapReferenceServer(this WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
        {
            using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ReferenceDb>>().CreateDbContext();
            db.Database.EnsureCreated();
            // WAL is a property of the file: set once. Durability (synchronous=FULL) is per connection: see SqlitePragmas.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/api/sessions", (SessionIssuer issuer) => TypedResults.Ok(issuer.IssueAnonymous()));
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.MapHub<ReferenceHub>(HubPath);
        return app;
    }
}
