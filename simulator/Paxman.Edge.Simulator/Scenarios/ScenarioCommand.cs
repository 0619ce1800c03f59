using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// <c>run-scenario FILE.json [--out FILE.jsonl] [--journal DIR]</c>: the lines go to <c>--out</c> or stdout; one line
/// about the run goes to stderr. Exit codes: 0 done; 2 bad arguments or a bad scenario file (one line naming the step);
/// 1 the run itself failed (the journal could not be written).
/// </summary>
internal static class ScenarioCommand
{
    public const string Usage = """
        usage: Paxman.Edge.Simulator run-scenario FILE.json [--out FILE.jsonl] [--journal DIR]
          FILE.json              the scenario (format in simulator/README.md, "Scenario runner")
          --out FILE.jsonl       write the JSON lines there (default: stdout)
          --journal DIR          the journal's folder (default: a fresh temporary one, deleted afterwards)
        """;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static int Run(ReadOnlySpan<string> args, TextWriter stdout, TextWriter stderr, ILoggerFactory? loggers = null, TimeProvider? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!TryParseArguments(args, out var file, out var outFile, out var journal, out var problem))
        {
            stderr.WriteLine($"run-scenario: {problem}");
            stderr.WriteLine(Usage);
            return 2;
        }

        Scenario scenario;
        try
        {
            scenario = ScenarioParser.Parse(File.ReadAllBytes(file!));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"run-scenario: cannot read {file}: {ex.Message}");
            return 2;
        }
        catch (ScenarioFormatException ex)
        {
            stderr.WriteLine($"run-scenario: {file}: {ex.Message}");
            return 2;
        }

        try
        {
            using var output = outFile is null ? null : new StreamWriter(outFile, append: false, Utf8);
            using var runner = new ScenarioRunner(scenario, output ?? stdout, journal, loggers, wallTime);
            var summary = runner.Run();
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run-scenario: {summary.DeviceSeconds:0.#} device s in {summary.WallSeconds:0.000} s ({summary.Speed:0} device s per wall s): {summary.Records} records, {summary.Alarms} alarm changes, {summary.Refused} refused"));
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"run-scenario: the run failed: {ex.Message}");
            return 1;
        }
    }

    private static bool TryParseArguments(ReadOnlySpan<string> args, out string? file, out string? outFile, out string? journal, out string problem)
    {
        file = null;
        outFile = null;
        journal = null;
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--out" or "--journal")
            {
                if (i + 1 >= args.Length || args[i + 1].Length == 0)
                {
                    problem = $"{arg} needs a value";
                    return false;
                }

                if (arg == "--out")
                {
                    outFile = args[++i];
                }
                else
                {
                    journal = args[++i];
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) || file is not null)
            {
                problem = $"unexpected argument '{arg}'";
                return false;
            }
            else
            {
                file = arg;
            }
        }

        if (file is null)
        {
            problem = "give the scenario file";
            return false;
        }

        return true;
    }
}
