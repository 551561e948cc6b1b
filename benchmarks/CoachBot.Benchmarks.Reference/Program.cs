using CoachBot.Benchmarks.Reference;

var builder = WebApplication.CreateBuilder(args);
builder.AddReferenceServer();

var app = builder.Build();
app.MapReferenceServer();

app.Run();
