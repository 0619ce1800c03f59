using Paxman.Edge.Simulator;

// Exit codes: 0 stopped; 2 bad arguments.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(McuCommandLine.Usage);
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
    default:
        await Console.Error.WriteLineAsync($"unknown command '{args[0]}'");
        await Console.Error.WriteLineAsync(McuCommandLine.Usage);
        return 2;
}
