using CoachBot.Benchmarks;
using CoachBot.Benchmarks.FakeModel;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddFakeModel(builder.Configuration);

var app = builder.Build();
app.MapFakeModel();
app.MapGet(FakeModelPaths.Health, () => TypedResults.Ok());

app.Run();
