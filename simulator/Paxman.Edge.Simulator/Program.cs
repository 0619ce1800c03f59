using Paxman.Edge.Simulator;
using Paxman.Edge.Simulator.Scenarios;

// Exit codes: 0 stopped (or the scenario ran); 2 bad arguments or a bad scenario file; 1 a scenario run failed.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(McuCommandLine.Usage);
    Console.WriteLine(ScenarioCommand.Usage);
    return args.Length == 0 ? 2 : 0;
}

switch (args[0])
{
    case "mcu":
        if (!McuCommandLine.TryParse(args.AsSpan(1), out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"mcu: {error}");
            await Console.Error.WriteLineAsync(McuCommandLine.Usage);
            return 2;
        }

        return await McuProcess.RunAsync(options!, Console.In, Console.Out, TimeProvider.System);
    case "run-scenario":
        return ScenarioCommand.Run(args.AsSpan(1), Console.Out, Console.Error);
    default:
        await Console.Error.WriteLineAsync($"unknown command '{args[0]}'");
        await Console.Error.WriteLineAsync(McuCommandLine.Usage);
        await Console.Error.WriteLineAsync(ScenarioCommand.Usage);
        return 2;
}
