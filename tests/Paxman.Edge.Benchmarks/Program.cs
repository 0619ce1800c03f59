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

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- journal-year [days] [rounds]
if (args is ["journal-year", ..])
{
    return await Paxman.Edge.Benchmarks.JournalYear.JournalYearScenario.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 365,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- delivery [records] [rounds]
if (args is ["delivery", ..])
{
    return await DeliveryScenario.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- fleet [units] [device-minutes] [timescale] [consumers]
if (args is ["fleet", ..])
{
    static double Arg(string[] a, int i, double fallback) => a.Length > i ? double.Parse(a[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return await Paxman.Edge.Benchmarks.Fleet.FleetScenario.RunAsync(new Paxman.Edge.Benchmarks.Fleet.FleetOptions
    {
        Units = (int)Arg(args, 1, 200),
        DeviceTime = TimeSpan.FromMinutes(Arg(args, 2, 10)),
        TimeScale = Arg(args, 3, 10),
    }, (int)Arg(args, 4, 2));
}

// The fleet's billing consumer as a process of its own (started by `fleet`).
if (args is ["fleet-consumer", var consumerPort, var consumerMembers])
{
    return await Paxman.Edge.Benchmarks.Fleet.FleetScenario.ConsumeAsync(int.Parse(consumerPort, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(consumerMembers, System.Globalization.CultureInfo.InvariantCulture));
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

// dotnet run -c Release --project tests/Paxman.Edge.Benchmarks -- control [Kp Ki Kd | Key=value ...]
if (args is ["control", ..])
{
    var gains = new Paxman.Edge.Core.Control.ControlOptions();
    foreach (var setting in args.Skip(1).Where(a => a.Contains('=', StringComparison.Ordinal)))
    {
        // control Key=value ...: any Control option, e.g. PreChillOffsetC=0.5
        var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var property = typeof(Paxman.Edge.Core.Control.ControlOptions).GetProperty(key) ?? throw new ArgumentException($"no Control option {key}");
        property.SetValue(gains, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
    }

    if (args.Length == 4 && !args.Skip(1).Any(a => a.Contains('=', StringComparison.Ordinal)))
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
