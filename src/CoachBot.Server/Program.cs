using CoachBot.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoachBot();

var app = builder.Build();
app.MapCoachBot();

app.Run();
