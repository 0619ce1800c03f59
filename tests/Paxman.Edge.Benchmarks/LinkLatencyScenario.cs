using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// A scenario that prints figures (not a timed test): the host link over the real SerialPort on a socat pty pair,
/// the MCU emulator as a separate process, 10 Hz of commands. Measures command-to-applied latency (from the
/// engine handing the command to the link to the emulator's "applied" line arriving, both on this machine's
/// monotonic clock; the emulator's 2 ms loop and its stdout pipe are included) and the line bandwidth used.
/// </summary>
internal static partial class LinkLatencyScenario
{
    public static async Task<int> RunAsync(TimeSpan duration)
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = ChildProcess.Start("dotnet", [RepoPaths.SimulatorDll, "mcu", "--port", pair.McuEnd], keepStdinOpen: true);
        await mcu.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var sentAt = new ConcurrentDictionary<uint, long>();
        var latencies = new ConcurrentBag<double>();
        mcu.LineReceived += line =>
        {
            var now = TimeProvider.System.GetTimestamp();
            var match = AppliedLine().Match(line);
            if (match.Success && sentAt.TryGetValue(uint.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), out var at))
            {
                latencies.Add(TimeProvider.System.GetElapsedTime(at, now).TotalMilliseconds);
            }
        };

        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, NullLogger.Instance);
        var link = new McuLink(port, null, new McuLinkOptions(), TimeProvider.System, new Random(1), NullLogger.Instance);
        link.CommandSent += command => sentAt[command.CmdSeq] = TimeProvider.System.GetTimestamp();

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var start = TimeProvider.System.GetTimestamp();
        long bytesAtStart = -1;
        long measureFrom = 0;
        var tick = 0;
        McuLinkStatus status = default;
        while (await timer.WaitForNextTickAsync())
        {
            var command = new McuCommand((byte)(20 + (tick++ % 50)), true, true, false, true, CoolingMode.Cool);
            status = link.Tick(TimeProvider.System.GetTimestamp(), command);
            if (bytesAtStart < 0 && status.State == LinkState.Linked)
            {
                bytesAtStart = port.Counters.BytesReceived;
                measureFrom = TimeProvider.System.GetTimestamp();
                latencies.Clear();
            }

            if (TimeProvider.System.GetElapsedTime(start) > duration)
            {
                break;
            }
        }

        var measured = TimeProvider.System.GetElapsedTime(measureFrom).TotalSeconds;
        var rxRate = (port.Counters.BytesReceived - bytesAtStart) / measured;
        var sorted = latencies.Order().ToArray();
        if (sorted.Length == 0)
        {
            Console.WriteLine("no command was applied; link state " + status.State);
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"link-latency over {measured:0} s: {sorted.Length} commands applied of {status.Counters.CommandsSent} sent"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"command-to-applied: median {Percentile(sorted, 0.5):0.00} ms, p99 {Percentile(sorted, 0.99):0.00} ms, max {sorted[^1]:0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MCU->host: {rxRate:0} B/s = {rxRate * 10 / 115200 * 100:0.00} % of 115200 baud (10 bits per byte)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host->MCU: {16 * 10} B/s of SET_STATE = {160.0 * 10 / 115200 * 100:0.00} % of 115200 baud"));
        Console.WriteLine($"frames rejected: host {status.Counters.FramesRejected}");
        await mcu.WriteLineAsync("quit");
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex(@"^applied .* cmd_seq=(\d+) ")]
    private static partial Regex AppliedLine();
}
