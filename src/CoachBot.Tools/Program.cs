using CoachBot.Coaching;
using CoachBot.Tools.Benchmarks;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// coachbot tools: "eval" runs the coaching evaluation suite; "bench" measures retrieval and offline turn latency.
// Any configuration key can follow, e.g. --Coaching:Model=openai-compatible --Coaching:Llm:Endpoint=http://127.0.0.1:11434/v1
var command = args.FirstOrDefault() ?? "help";
var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddCoachBotCoaching(builder.Configuration);
builder.Services.AddSingleton<EvaluationRunner>();
// Embeddings of the role pages are cached between runs, so only the first run pays for them.
builder.Configuration["Retrieval:CacheDirectory"] ??= Path.Combine(Path.GetTempPath(), "coachbot-embeddings");
if (command is "bench" or "eval")
{
    // Benchmarks time the work and the evaluation reads the replies, neither waits for the typing pace of the offline coach.
    builder.Configuration["Coaching:Offline:ChunkDelay"] ??= "00:00:00";
}

using var host = builder.Build();
await host.StartAsync();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return command switch
{
    "eval" => await EvaluationCommand.RunAsync(host.Services, builder.Configuration, Console.Out, cancel.Token),
    "bench" => await BenchmarkCommand.RunAsync(host.Services, builder.Configuration, Console.Out, cancel.Token),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("""
        usage: dotnet run --project src/CoachBot.Tools -- <command> [--Key=Value ...]
          eval    run the coaching evaluation suite (offline by default)
                  --scenarios=PATH   another scenario file
                  --filter=TEXT      only scenarios whose id contains TEXT
                  --verbose=true     print every reply
                  --report=PATH      also write the per-intent table and failures as Markdown
                  --json=PATH        also write them as JSON
          bench   measure retrieval and offline turn latency
                  --iterations=N     turns to time (default 200)
        any configuration key, e.g. --Coaching:Model=openai-compatible --Coaching:Llm:Endpoint=http://127.0.0.1:11434/v1 --Coaching:Llm:ModelId=llama3.1
        """);
    return 2;
}
