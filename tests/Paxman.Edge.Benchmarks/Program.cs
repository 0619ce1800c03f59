using BenchmarkDotNet.Running;
using Paxman.Edge.Benchmarks;

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- --filter '*Codec*' [--job short]
// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- link-latency [seconds]
// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- simulator [rounds]
if (args is ["control-trace", ..])
{
    return ControlTrace.Run(new Paxman.Edge.Engine.EngineOptions());
}

if (args is ["simulator", ..])
{
    return SimulatorScenario.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

if (args is ["link-latency", ..])
{
    var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    return await LinkLatencyScenario.RunAsync(TimeSpan.FromSeconds(seconds));
}

BenchmarkSwitcher.FromAssembly(typeof(CodecBenchmarks).Assembly).Run(args);
return 0;
