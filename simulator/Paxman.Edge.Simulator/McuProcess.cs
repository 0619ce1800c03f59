using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Ports;
using System.Runtime.InteropServices;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.Core;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulator;

/// <summary>
/// Runs the MCU emulator in real time behind a serial device, as a separate process, like the real MCU.
/// Its events go to stdout one per line, stamped with the emulator's own uptime, so tests and technicians can
/// see what it applied and when it went safe, measured on its own clock.
/// </summary>
internal static class McuProcess
{
    private const int LoopMs = 2;

    public static async Task<int> RunAsync(McuCommandLine options, TextReader stdin, TextWriter stdout, TimeProvider time)
    {
        var retained = ReadRetained(options.RetainedFile);
        var resetReason = options.ResetReason ?? (retained is null ? ResetReason.PowerOn : ResetReason.Watchdog);
        var plant = new ThermalPlant(new PlantConstants(), options.AmbientC, options.Seed);
        var emulatorOptions = new McuEmulatorOptions
        {
            MaxDurationMs = options.MaxDurationMs,
            ProtoVersion = options.ProtoVersion,
            SupportedVersions = [options.ProtoVersion],
            ResetReason = resetReason,
            RetainedLatches = retained ?? McuFaults.None,
        };

        SerialPort serial;
        try
        {
            serial = SerialMcuPort.OpenLine(options.Port, TimeSpan.FromMilliseconds(200));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"mcu: {ex.Message}");
            return 2;
        }

        using var port = serial;
        var stream = port.BaseStream;

        var rxNoise = new LineNoise(options.Seed) { BitErrorRate = options.BitErrorRate, DropRate = options.DropRate };
        var txNoise = new LineNoise(options.Seed + 1) { BitErrorRate = options.BitErrorRate, DropRate = options.DropRate };
        var txBytes = new List<byte>(128);
        var received = new ConcurrentQueue<byte[]>();
        var commands = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });

        void Say(string line)
        {
            stdout.WriteLine(line);
            stdout.Flush();
        }

        McuEmulator? emulator = null;
        emulator = new McuEmulator(emulatorOptions, plant, frame =>
        {
            txBytes.Clear();
            txNoise.Apply(frame, txBytes);
            try
            {
                stream.Write(txBytes.ToArray());
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException)
            {
                // Nobody listening: the MCU keeps transmitting into the void, as a UART does.
            }
        });
        emulator.Event += e =>
        {
            // Retained RAM first: whoever reads the event line may kill this process at once.
            if (e is FaultsLatched or LatchesCleared)
            {
                WriteRetained(options.RetainedFile, emulator.Latched);
            }

            Say(Describe(e));
        };
        WriteRetained(options.RetainedFile, emulator.Latched);

        var reader = new Thread(() =>
        {
            var buffer = new byte[256];
            var noisy = new List<byte>(256);
            while (!stop.IsCancellationRequested)
            {
                int n;
                try
                {
                    n = stream.Read(buffer);
                }
                catch (TimeoutException)
                {
                    continue;
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                noisy.Clear();
                lock (rxNoise)
                {
                    rxNoise.Apply(buffer.AsSpan(0, n), noisy);
                }

                received.Enqueue([.. noisy]);
            }
        })
        { IsBackground = true, Name = "mcu-rx" };
        reader.Start();

        _ = Task.Run(async () =>
        {
            while (await stdin.ReadLineAsync() is { } line)
            {
                commands.Enqueue(line.Trim());
            }
        });

        Say(string.Create(CultureInfo.InvariantCulture,
            $"ready port={options.Port} reset_reason={resetReason} latched={(ushort)emulator.Latched} max_duration_ms={options.MaxDurationMs} proto_version={options.ProtoVersion}"));
        var start = time.GetTimestamp();
        var cable = new Cable();
        while (!stop.IsCancellationRequested)
        {
            while (commands.TryDequeue(out var command))
            {
                if (!Apply(command, plant, rxNoise, txNoise, cable, Say))
                {
                    await stop.CancelAsync();
                }
            }

            while (received.TryDequeue(out var bytes))
            {
                // link-host-to-mcu-down: what the host sends is lost on the way; STATUS still goes out.
                if (!cable.HostToMcuDown)
                {
                    emulator.Receive(bytes);
                }
            }

            var now = (uint)time.GetElapsedTime(start).TotalMilliseconds;
            if (now > emulator.UptimeMs)
            {
                emulator.Advance(now - emulator.UptimeMs);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(LoopMs), time, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Say(string.Create(CultureInfo.InvariantCulture,
            $"stopped uptime_ms={emulator.UptimeMs} frames_good={emulator.Decoder.FramesGood} frames_rejected={emulator.Decoder.FramesRejected} bits_flipped={rxNoise.BitsFlipped + txNoise.BitsFlipped} bytes_dropped={rxNoise.BytesDropped + txNoise.BytesDropped}"));
        port.Close();
        reader.Join(TimeSpan.FromSeconds(1));
        return 0;
    }

    private static bool Apply(string command, ThermalPlant plant, LineNoise rx, LineNoise tx, Cable cable, Action<string> say)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["quit"]:
                return false;
            case ["supply", "auto"]:
                plant.ForcedSupplyC = null;
                break;
            case ["supply", var c] when double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var celsius):
                plant.ForcedSupplyC = celsius;
                break;
            case ["ambient", var c] when double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var celsius):
                plant.AmbientC = celsius;
                break;
            case ["cap", var ch, "on" or "off"] when CapChannels.TryParse(ch, out var channel):
                plant.SetCapConnected(channel, words[2] == "on");
                break;
            case ["fault", "compressor-drive", "on" or "off"]:
                plant.CompressorDriveFault = words[2] == "on";
                break;
            case ["fault", "pump-drive", "on" or "off"]:
                plant.PumpDriveFault = words[2] == "on";
                break;
            case ["fault", "reservoir-empty", "on" or "off"]:
                plant.CoolantLitres = words[2] == "on" ? 0 : plant.Constants.CoolantFullLitres;
                break;
            case ["fault", "link-host-to-mcu-down", "on" or "off"]:
                cable.HostToMcuDown = words[2] == "on";
                break;
            case ["fault", var name, "on" or "off", ..]
                when SimulatedFaults.TryCreate(name, words[2] == "on", words.Length > 3 ? words[3] : null, null, null, out var change, out var problem)
                    && change.Fault is not (SimulatedFault.LinkNoise or SimulatedFault.LinkDown or SimulatedFault.LinkHostToMcuDown):
                plant.Apply(change);
                break;
            case ["ber", var x] when McuCommandLine.TryRate(x, out var ber):
                lock (rx)
                {
                    rx.BitErrorRate = ber;
                }

                tx.BitErrorRate = ber;
                break;
            case ["drop", var x] when McuCommandLine.TryRate(x, out var drop):
                lock (rx)
                {
                    rx.DropRate = drop;
                }

                tx.DropRate = drop;
                break;
            default:
                say($"unknown command: {command}");
                return true;
        }

        say($"ok {command}");
        return true;
    }

    private static string Describe(McuEvent e) => e switch
    {
        CommandApplied a => string.Create(CultureInfo.InvariantCulture,
            $"applied uptime_ms={a.UptimeMs} link_id={a.Command.LinkId} cmd_seq={a.Command.CmdSeq} compressor_pct={a.Command.CompressorPct} outputs={(byte)a.Command.Outputs} mode={(byte)a.Command.Mode}"),
        DeadManExpired d => string.Create(CultureInfo.InvariantCulture,
            $"deadman uptime_ms={d.UptimeMs} last_applied_ms={d.LastAppliedAtMs} silent_ms={d.UptimeMs - d.LastAppliedAtMs}"),
        FaultsLatched l => string.Create(CultureInfo.InvariantCulture, $"latched uptime_ms={l.UptimeMs} faults={(ushort)l.Faults}"),
        LatchesCleared c => string.Create(CultureInfo.InvariantCulture, $"cleared uptime_ms={c.UptimeMs} faults={(ushort)c.Faults} by_person={(c.ByPerson ? 1 : 0)}"),
        LinkOpened o => string.Create(CultureInfo.InvariantCulture, $"link uptime_ms={o.UptimeMs} link_id={o.LinkId}"),
        FrameRefused r => string.Create(CultureInfo.InvariantCulture, $"refused uptime_ms={r.UptimeMs} type={(byte)r.Type} code={(byte)r.Code}"),
        _ => e.ToString(),
    };

    private static McuFaults? ReadRetained(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        return ushort.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var bits) ? (McuFaults)bits : null;
    }

    private static void WriteRetained(string? path, McuFaults latched)
    {
        if (path is not null)
        {
            File.WriteAllText(path, ((ushort)latched).ToString(CultureInfo.InvariantCulture));
        }
    }

    // The cable's faults this process can inject besides the noise: only the host's transmit wire cut.
    private sealed class Cable
    {
        public bool HostToMcuDown { get; set; }
    }
}
