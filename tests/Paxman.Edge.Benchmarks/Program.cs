using BenchmarkDotNet.Running;
using Paxman.Edge.Benchmarks;

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- --filter '*Codec*' [--job short]
// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- link-latency [seconds]
// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- simulator [rounds]
// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- lateness [seconds]
if (args is ["lateness", ..])
{
    return await LatenessScenario.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 600));
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- journal [appends]
if (args is ["journal", ..])
{
    return await JournalScenario.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- delivery [records] [rounds]
if (args is ["delivery", ..])
{
    return await DeliveryScenario.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- autotune
if (args is ["autotune"])
{
    return AutotuneScenario.Run();
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- tick [rounds]
if (args is ["tick", ..])
{
    return TickScenario.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- control [Kp Ki Kd]
if (args is ["control", ..])
{
    var gains = new Paxman.Edge.Core.Control.ControlOptions();
    if (args.Length == 4)
    {
        gains.Kp = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        gains.Ki = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        gains.Kd = double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    return ControlScenario.Run(gains);
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- scenario [FILE|""] [rounds]
if (args is ["scenario", ..])
{
    return ScenarioSpeed.Run(args.Length > 1 ? args[1] : null, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
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
