using System.Globalization;
using System.Text.RegularExpressions;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Hardware.Tests;

/// <summary>
/// The host link over the real System.IO.Ports SerialPort on a socat pty pair, with the MCU emulator as a
/// separate process on the other end, as on the unit.
/// </summary>
public sealed partial class SerialLinkTests : TestEnvironment
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly McuCommand Cooling = new(60, Pump: true, ValveA: true, ValveB: false, Fan: true, CoolingMode.Cool);

    [Fact]
    public async Task Link_EmulatorProcess_HandshakesReceivesStatusAt10HzAndAppliesCommands()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await StartEmulatorAsync(pair);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };

        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");
        Assert.Equal("PX-SIM-0001", driver.Status.Mcu?.Serial);
        await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal) && l.Contains("compressor_pct=60", StringComparison.Ordinal) && l.EndsWith("mode=1", StringComparison.Ordinal), Wait);

        // 10 Hz measured on the MCU's own clock: status_seq against uptime_ms over about two seconds.
        var first = driver.Status.LastStatus!.Value;
        await Eventually.TrueAsync(() => driver.Status.LastStatus!.Value.UptimeMs - first.UptimeMs >= 2000, Wait, "two seconds of status");
        var last = driver.Status.LastStatus!.Value;
        var rate = (ushort)(last.StatusSeq - first.StatusSeq) / ((last.UptimeMs - first.UptimeMs) / 1000.0);
        Assert.InRange(rate, 9.5, 10.5);
        Assert.Equal(Outputs.Pump | Outputs.ValveA | Outputs.Fan | Outputs.CompressorRunning, last.Outputs);
        Assert.True(driver.Status.Counters.CommandsAcknowledged > 10);
        Assert.Equal(0, driver.Status.Counters.FramesRejected);
    }

    [Fact]
    public async Task EmulatorProcess_PlantCommandsOnStdin_ShowInTheStatusFrames()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await StartEmulatorAsync(pair);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");

        // The plant behind the emulator: no cap, no flow through the open valve; a cap plugged in, flow.
        await driver.WaitForAsync(s => s.LastStatus?.Outputs.HasFlag(Outputs.ValveA) == true, Wait, "valve A open");
        Assert.Equal(0, driver.Status.LastStatus!.Value.FlowAClpm);
        await mcu.WriteLineAsync("cap A on");
        await driver.WaitForAsync(s => s.LastStatus?.FlowAClpm > 100, Wait, "flow through cap A");

        // A blocked hose on channel A and a leak, by the contract's fault names.
        await mcu.WriteLineAsync("fault flow-block on A");
        await mcu.WriteLineAsync("fault low-coolant on");
        await driver.WaitForAsync(s => s.LastStatus is { FlowAClpm: 0, Reservoir: ReservoirLevel.Low }, Wait, "flow blocked, level low");
        await mcu.WriteLineAsync("fault meltdown on");
        await mcu.WaitForLineAsync(l => l == "unknown command: fault meltdown on", Wait);
    }

    [Fact]
    public async Task Link_BitErrorsAndDroppedBytes_RecoversAndAppliesOnlyTheNewestUncorruptedCommands()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await StartEmulatorAsync(pair, "--ber", "1e-3", "--drop", "1e-3", "--seed", "11");
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        var link = NewLink(port);
        await using var driver = new LinkDriver(link) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");

        // Vary the command every few ticks so that a corrupted or stale one would show.
        for (var i = 0; i < 40; i++)
        {
            driver.Desired = Cooling with { CompressorPct = (byte)(30 + i) };
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked at the end");
        mcu.Terminate();
        await mcu.WaitForExitAsync(Wait);
        var stopped = mcu.LinesStartingWith("stopped").Single();
        Assert.True(Field(stopped, "bits_flipped") > 0 && Field(stopped, "bytes_dropped") > 0, stopped);
        Assert.True(Field(stopped, "frames_rejected") > 0, "the MCU rejected corrupted frames: " + stopped);
        Assert.True(driver.Status.Counters.FramesRejected > 0, "the host rejected corrupted frames");

        var applied = mcu.LinesStartingWith("applied ").Select(ParseApplied).ToList();
        Assert.True(applied.Count > 50, $"{applied.Count} commands applied");
        foreach (var (linkId, seq, pct, outputs, mode) in applied)
        {
            // Each applied command is exactly one the host sent, bit for bit.
            Assert.True(driver.Sent.TryGetValue(seq + ((ulong)linkId << 32), out var sent), $"applied {linkId}/{seq} was never sent");
            Assert.Equal((sent.CompressorPct, (byte)sent.Outputs, (byte)sent.Mode), (pct, outputs, mode));
        }

        foreach (var pairOfApplied in applied.Zip(applied.Skip(1)).Where(p => p.First.LinkId == p.Second.LinkId))
        {
            Assert.True(pairOfApplied.Second.Seq > pairOfApplied.First.Seq, "never an older command after a newer one");
        }
    }

    [Fact]
    public async Task Link_HostGoesSilent_EmulatorIsSafeWithinMaxDurationPlus250ms()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await StartEmulatorAsync(pair);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");
        await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal) && l.EndsWith("mode=1", StringComparison.Ordinal), Wait);

        driver.Paused = true;
        var deadman = await mcu.WaitForLineAsync(l => l.StartsWith("deadman", StringComparison.Ordinal), Wait);

        // Measured and reported on the emulator's own clock.
        Assert.InRange(Field(deadman, "silent_ms"), 2000, 2250);
        await mcu.WaitForLineAsync(l => l == $"latched uptime_ms={Field(deadman, "uptime_ms")} faults=1", Wait);
    }

    [Fact]
    public async Task Link_EmulatorKilledAndRestarted_HostReHandshakesSeesResetReasonAndClearsOnlyHostSilent()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        using var folder = new TempFolder("paxman-mcu");
        var retained = folder.File("retained-ram");
        var first = await StartEmulatorAsync(pair, "--retained", retained);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");

        // The MCU's own over-cooling trip latches; then the host hangs and the dead-man latches host-silent.
        await first.WriteLineAsync("supply -12");
        await first.WaitForLineAsync(l => l.StartsWith("latched", StringComparison.Ordinal) && l.EndsWith("faults=2", StringComparison.Ordinal), Wait);
        await first.WriteLineAsync("supply auto");
        driver.Paused = true;
        await first.WaitForLineAsync(l => l.StartsWith("latched", StringComparison.Ordinal) && l.EndsWith("faults=1", StringComparison.Ordinal), Wait);

        // The MCU dies; it comes back on the same line with its retained latches (a watchdog reset).
        first.KillHard();
        await first.WaitForExitAsync(Wait);
        await first.DisposeAsync();
        await using var second = await StartEmulatorAsync(pair, "--retained", retained);
        Assert.Contains("reset_reason=Watchdog latched=3", second.Lines[0], StringComparison.Ordinal);
        driver.Paused = false;

        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.Mcu?.ResetReason == ResetReason.Watchdog, Wait, "linked to the rebooted MCU");
        var cleared = await second.WaitForLineAsync(l => l.StartsWith("cleared", StringComparison.Ordinal), Wait);
        Assert.EndsWith("faults=1 by_person=0", cleared, StringComparison.Ordinal);
        await driver.WaitForAsync(s => s.LastStatus?.Latched == McuFaults.OverCooling && s.LastStatus?.LinkId == s.Mcu?.LinkId, Wait, "over-cooling still latched");
        Assert.Single(second.LinesStartingWith("cleared"));
        // Still latched, so the host holds the MCU safe: no COOL command is applied, nor refused as latched.
        // (Commands of the old link sent before the host heard the reboot are refused as no-link: harmless.)
        Assert.DoesNotContain(second.LinesStartingWith("applied"), l => l.EndsWith("mode=1", StringComparison.Ordinal));
        Assert.DoesNotContain(second.LinesStartingWith("refused"), l => l.EndsWith("code=5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Link_EmulatorStopsHearingTheHost_LostWhileStatusStillArrivesAndLinkedAgainAfterTheRepair()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await StartEmulatorAsync(pair);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.Counters.CommandsAcknowledged > 20, Wait, "linked and cooling");

        // Only the host-to-MCU direction fails: the MCU's STATUS keeps coming over the real serial line.
        await mcu.WriteLineAsync("fault link-host-to-mcu-down on");
        await driver.WaitForAsync(s => s.State == LinkState.Handshaking, Wait, "link lost, handshaking again");
        Assert.Contains("acknowledged", driver.Status.Problem, StringComparison.Ordinal);
        var framesAtLoss = driver.Status.Counters.FramesGood;
        await mcu.WaitForLineAsync(l => l.StartsWith("deadman", StringComparison.Ordinal), Wait);
        await driver.WaitForAsync(s => s.Counters.FramesGood > framesAtLoss + 5, Wait, "status still arriving");
        Assert.Equal(LinkState.Handshaking, driver.Status.State);

        await mcu.WriteLineAsync("fault link-host-to-mcu-down off");
        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.Counters.Handshakes == 2, Wait, "a new link");
        var cleared = await mcu.WaitForLineAsync(l => l.StartsWith("cleared", StringComparison.Ordinal), Wait);
        Assert.EndsWith("faults=1 by_person=0", cleared, StringComparison.Ordinal);
        await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal) && l.Contains($"link_id={driver.Status.Mcu?.LinkId}", StringComparison.Ordinal)
            && l.EndsWith("mode=1", StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task Link_McuSpeaksAnotherProtocolVersion_IsRefusedAndNothingIsApplied()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await StartEmulatorAsync(pair, "--proto-version", "2");
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        ExpectError("MCU link refused");
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };

        await driver.WaitForAsync(s => s.State == LinkState.VersionRefused, Wait, "refused");

        Assert.Contains("version", driver.Status.Problem, StringComparison.Ordinal);
        Assert.Empty(mcu.LinesStartingWith("applied"));
        Assert.Contains(mcu.LinesStartingWith("refused"), l => l.EndsWith("type=1 code=1", StringComparison.Ordinal));
        Assert.Equal(Outputs.None, driver.Status.LastStatus?.Outputs);
    }

    private McuLink NewLink(IMcuPort port) =>
        new(port, resetLine: null, new McuLinkOptions(), TimeProvider.System, new Random(3), LoggerFor<McuLink>());

    private static async Task<ChildProcess> StartEmulatorAsync(SocatPtyPair pair, params string[] extra)
    {
        var mcu = ChildProcess.Start("dotnet", [RepoPaths.SimulatorDll, "mcu", "--port", pair.McuEnd, .. extra], keepStdinOpen: true);
        await mcu.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), Wait);
        return mcu;
    }

    private static long Field(string line, string name) =>
        long.Parse(Regex.Match(line, $@"\b{name}=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static (ushort LinkId, uint Seq, byte Pct, byte Outputs, byte Mode) ParseApplied(string line) =>
        ((ushort)Field(line, "link_id"), (uint)Field(line, "cmd_seq"), (byte)Field(line, "compressor_pct"), (byte)Field(line, "outputs"), (byte)Field(line, "mode"));
}
