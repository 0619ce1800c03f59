namespace Paxman.Edge.Conformance;

/// <summary>The runner's command line (firmware-protocol/README.md, "The conformance suite").</summary>
internal static class ConformanceCommand
{
    public const string Usage = """
        usage: Paxman.Edge.Conformance --port PATH [options]
          --port PATH        the serial device the MCU is on (a USB serial adapter, or the host end of a pty pair)
          --mcu "COMMAND"    the MCU's command line, for an MCU the runner may start, reset and drive through its
                             bench (stdin): {port} {reset_reason} {retained} are filled in, e.g.
                             "pxmcu --port {port} --reset-reason {reset_reason} --retained {retained}"
          --mcu-port PATH    the MCU's end of the serial device, for {port} (default: the same as --port)
          --scenarios DIR    the scenario files, *.pxs (default: the scenarios shipped with the runner)
          --only NAME,...    run only these scenarios
          --slack MS         add MS to the end of every window (the start of none/all windows), for a loaded host
                             or a USB adapter's latency (default 0; the windows already allow 50 ms or more)
          --verbose          print every frame received, with its time
        exit code: 0 every scenario run holds; 1 one fails; 2 a usage or scenario file error
        """;

    private static void Trace(TextWriter stderr, string what)
    {
        if (Environment.GetEnvironmentVariable("PXCONF_TRACE") == "1")
        {
            stderr.WriteLine($"trace: {what}");
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? port = null, command = null, mcuPort = null, only = null;
        var directory = Path.Combine(AppContext.BaseDirectory, "scenarios");
        var verbose = false;
        long slack = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--port": port = Value(); break;
                    case "--mcu": command = Value(); break;
                    case "--mcu-port": mcuPort = Value(); break;
                    case "--scenarios": directory = Value(); break;
                    case "--only": only = Value(); break;
                    case "--verbose": verbose = true; break;
                    case "--slack": slack = long.TryParse(Value(), out var ms) && ms >= 0 ? ms : throw new ArgumentException("--slack needs a number of ms"); break;
                    case "--help": stdout.Write(Usage); return 0;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine($"conformance: {ex.Message}");
                stderr.Write(Usage);
                return 2;
            }
        }

        if (port is null)
        {
            stderr.WriteLine("conformance: --port PATH is required");
            stderr.Write(Usage);
            return 2;
        }

        List<Scenario> scenarios;
        try
        {
            scenarios = Directory.GetFiles(directory, "*.pxs").Order(StringComparer.Ordinal).Select(ScenarioParser.Parse).ToList();
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            stderr.WriteLine($"conformance: {ex.Message}");
            return 2;
        }

        if (only is not null)
        {
            var wanted = only.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            scenarios = scenarios.Where(s => wanted.Contains(s.Name)).ToList();
        }

        Trace(stderr, "opening " + port);
        using var mcu = new McuUnderTest(port, command, mcuPort);
        if (command is not null)
        {
            Trace(stderr, "starting the MCU");
            mcu.Start("power-on", TimeSpan.FromSeconds(20));
            Trace(stderr, "MCU started");
        }

        var runner = new ScenarioRunner(mcu, stdout, verbose, slack);
        var verdicts = new List<Verdict>();
        foreach (var scenario in scenarios)
        {
            var started = mcu.NowMs;
            var verdict = runner.Run(scenario);
            verdicts.Add(verdict);
            var seconds = (mcu.NowMs - started) / 1000.0;
            if (!verdict.Run)
            {
                stdout.WriteLine($"not run  {scenario.Name}: {verdict.NotRunBecause}");
            }
            else if (verdict.Holds)
            {
                stdout.WriteLine($"holds    {scenario.Name} ({scenario.Expectations.Count} expectations, {seconds:0.0} s; covers {string.Join(' ', scenario.Covers)})");
            }
            else
            {
                stdout.WriteLine($"FAILS    {scenario.Name} ({seconds:0.0} s)");
                foreach (var failure in verdict.Failures)
                {
                    stdout.WriteLine($"         {failure}");
                }
            }

            stdout.Flush();
        }

        var failed = verdicts.Count(v => v.Run && !v.Holds);
        stdout.WriteLine($"{verdicts.Count(v => v.Holds)} hold, {failed} fail, {verdicts.Count(v => !v.Run)} not run");
        return failed > 0 ? 1 : 0;
    }
}
