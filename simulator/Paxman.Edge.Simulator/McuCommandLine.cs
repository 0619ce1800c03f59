using System.Globalization;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulator;

/// <summary>The arguments of <c>mcu --port PATH</c>.</summary>
internal sealed record McuCommandLine
{
    public const string Usage = """
        usage: Paxman.Edge.Simulator mcu --port PATH [options]
          --port PATH            serial device (or pty) the emulated MCU listens on
          --retained FILE        emulate the MCU's retained RAM in FILE: latches survive a restart of this
                                 process, which then reports reset reason watchdog (default: none, power-on)
          --reset-reason NAME    power-on|watchdog|host-reset-line|brown-out|software (overrides the default)
          --max-duration MS      dead-man, 500..5000 (default 2000)
          --proto-version N      protocol version the MCU speaks (default 1)
          --ber X                bit error rate injected in both directions, 0..0.1 (default 0)
          --drop X               probability of dropping each byte in both directions, 0..0.1 (default 0)
          --seed N               seed of the injected noise and the plant's sensor noise (default 1)
          --ambient C            room temperature of the simulated plant, 0..45 (default 22)
        stdin commands: supply C|auto (a fixed resistor in place of the supply sensor), ambient C, cap A|B on|off,
                        fault NAME on|off [A|B] with the plant faults sensor-open, sensor-short, sensor-stuck,
                        pump-fail, compressor-fail, flow-block A|B, flow-sensor-stuck A|B, low-coolant, and the bench faults
                        compressor-drive, pump-drive, reservoir-empty, and link-host-to-mcu-down (what the host
                        sends is lost, STATUS still goes out); ber X, drop X, quit
        stdout: one event per line (ready, link, applied, deadman, latched, cleared, refused, noise)
        """;

    public required string Port { get; init; }

    public string? RetainedFile { get; init; }

    public ResetReason? ResetReason { get; init; }

    public ushort MaxDurationMs { get; init; } = 2000;

    public ushort ProtoVersion { get; init; } = ProtocolConstants.Version;

    public double BitErrorRate { get; init; }

    public double DropRate { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>The room the simulated plant stands in, C.</summary>
    public double AmbientC { get; init; } = 22;

    public static bool TryParse(ReadOnlySpan<string> args, out McuCommandLine? options, out string? error)
    {
        options = null;
        string? port = null;
        var parsed = new McuCommandLine { Port = string.Empty };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--port":
                    port = value;
                    break;
                case "--retained":
                    parsed = parsed with { RetainedFile = value };
                    break;
                case "--reset-reason" when TryResetReason(value, out var reason):
                    parsed = parsed with { ResetReason = reason };
                    break;
                case "--max-duration" when ushort.TryParse(value, CultureInfo.InvariantCulture, out var ms) && ms is >= 500 and <= 5000:
                    parsed = parsed with { MaxDurationMs = ms };
                    break;
                case "--proto-version" when ushort.TryParse(value, CultureInfo.InvariantCulture, out var version) && version > 0:
                    parsed = parsed with { ProtoVersion = version };
                    break;
                case "--ber" when TryRate(value, out var ber):
                    parsed = parsed with { BitErrorRate = ber };
                    break;
                case "--drop" when TryRate(value, out var drop):
                    parsed = parsed with { DropRate = drop };
                    break;
                case "--ambient" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ambient) && ambient is >= 0 and <= 45:
                    parsed = parsed with { AmbientC = ambient };
                    break;
                case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var seed):
                    parsed = parsed with { Seed = seed };
                    break;
                default:
                    error = $"{name} {value}: unknown option or value out of range";
                    return false;
            }
        }

        if (string.IsNullOrEmpty(port))
        {
            error = "--port PATH is required";
            return false;
        }

        options = parsed with { Port = port };
        error = null;
        return true;
    }

    public static bool TryRate(string text, out double rate) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate is >= 0 and <= 0.1;

    private static bool TryResetReason(string text, out ResetReason reason)
    {
        reason = text switch
        {
            "power-on" => Protocol.ResetReason.PowerOn,
            "watchdog" => Protocol.ResetReason.Watchdog,
            "host-reset-line" => Protocol.ResetReason.HostResetLine,
            "brown-out" => Protocol.ResetReason.BrownOut,
            "software" => Protocol.ResetReason.Software,
            _ => (ResetReason)255,
        };
        return Enum.IsDefined(reason);
    }
}
