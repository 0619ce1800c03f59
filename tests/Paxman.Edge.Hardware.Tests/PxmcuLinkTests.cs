using System.Globalization;
using System.Text.RegularExpressions;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Hardware.Tests;

/// <summary>
/// The host link over the real System.IO.Ports SerialPort on a socat pty pair, against the C reference MCU core
/// (<c>pxmcu</c>, firmware-protocol/c) as a separate process: the same checks the emulator process passes in
/// <see cref="SerialLinkTests"/>, so a rig can drive either.
/// </summary>
public sealed class PxmcuLinkTests : TestEnvironment
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly McuCommand Cooling = new(60, Pump: true, ValveA: true, ValveB: false, Fan: true, CoolingMode.Cool);

    [Fact]
    public async Task Pxmcu_HandshakesSendsStatusAt10HzAndAppliesCool()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };

        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");
        Assert.Equal("PX-SIM-0001", driver.Status.Mcu?.Serial);
        Assert.Equal(ResetReason.PowerOn, driver.Status.Mcu?.ResetReason);
        await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal) && l.Contains("compressor_pct=60", StringComparison.Ordinal) && l.EndsWith("mode=1", StringComparison.Ordinal), Wait);

        var first = driver.Status.LastStatus!.Value;
        await Eventually.TrueAsync(() => driver.Status.LastStatus!.Value.UptimeMs - first.UptimeMs >= 2000, Wait, "two seconds of status");
        // The plant stub's inverter starts at 20 % and ramps 20 %/s to the 60 % commanded: no lockout.
        await driver.WaitForAsync(s => s.LastStatus?.CompressorActualPct == 60, Wait, "compressor at 60 %");
        var last = driver.Status.LastStatus!.Value;
        var rate = (ushort)(last.StatusSeq - first.StatusSeq) / ((last.UptimeMs - first.UptimeMs) / 1000.0);
        Assert.InRange(rate, 9.5, 10.5);
        // COOL is driven as commanded and STATUS shows the outputs as driven and the measured speed.
        Assert.Equal(Outputs.Pump | Outputs.ValveA | Outputs.Fan | Outputs.CompressorRunning, last.Outputs);
        Assert.Equal(60, last.CompressorActualPct);
        Assert.True(driver.Status.Counters.CommandsAcknowledged > 10);
        Assert.Equal(0, driver.Status.Counters.FramesRejected);
    }

    [Fact]
    public async Task Pxmcu_HostGoesSilent_SafeWithinMaxDurationPlus250msAndHostSilentLatched()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");
        await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal) && l.EndsWith("mode=1", StringComparison.Ordinal), Wait);

        driver.Paused = true;
        var deadman = await mcu.WaitForLineAsync(l => l.StartsWith("deadman", StringComparison.Ordinal), Wait);

        // Measured and reported on the MCU core's own clock.
        Assert.InRange(Field(deadman, "silent_ms"), 2000, 2250);
        await mcu.WaitForLineAsync(l => l == $"latched uptime_ms={Field(deadman, "uptime_ms")} faults=1", Wait);

        // The host comes back: it sees host-silent, re-handshakes, clears it on its own and cools again.
        driver.Paused = false;
        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.Counters.Handshakes == 2, Wait, "a new link");
        var cleared = await mcu.WaitForLineAsync(l => l.StartsWith("cleared", StringComparison.Ordinal), Wait);
        Assert.EndsWith("faults=1 by_person=0", cleared, StringComparison.Ordinal);
        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.LastStatus?.Latched == McuFaults.None, Wait, "linked, nothing latched");
    }

    [Fact]
    public async Task Pxmcu_PlantCommandsOnStdin_ShowInTheStatusFrames()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");

        await driver.WaitForAsync(s => s.LastStatus?.Outputs.HasFlag(Outputs.ValveA) == true, Wait, "valve A open");
        Assert.Equal(0, driver.Status.LastStatus!.Value.FlowAClpm);
        await mcu.WriteLineAsync("cap A on");
        await driver.WaitForAsync(s => s.LastStatus?.FlowAClpm > 100, Wait, "flow through cap A");

        await mcu.WriteLineAsync("fault flow-block on A");
        await mcu.WriteLineAsync("fault low-coolant on");
        await driver.WaitForAsync(s => s.LastStatus is { FlowAClpm: 0, Reservoir: ReservoirLevel.Low }, Wait, "flow blocked, level low");
        await mcu.WriteLineAsync("fault meltdown on");
        await mcu.WaitForLineAsync(l => l == "unknown command: fault meltdown on", Wait);
    }

    [Fact]
    public async Task Pxmcu_OverCoolingLatch_StopsTheCompressorInTheFirstStatusThatShowsIt()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait);
        using var port = new RecordingPort(SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>()));
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.LastStatus?.CompressorActualPct == 60, Wait, "cooling");

        await mcu.WriteLineAsync("supply -12");
        await driver.WaitForAsync(s => s.LastStatus?.Latched.HasFlag(McuFaults.OverCooling) == true, Wait, "over-cooling latched");

        var firstLatched = port.Statuses().First(s => s.Latched != McuFaults.None);

        Assert.Equal(McuFaults.OverCooling, firstLatched.Latched);
        Assert.Equal(0, firstLatched.CompressorActualPct);
        Assert.Equal(Outputs.None, firstLatched.Outputs & (Outputs.CompressorRunning | Outputs.Pump | Outputs.ValveA | Outputs.ValveB));
    }

    [Fact]
    public async Task Pxmcu_KilledAndRestarted_HostSeesWatchdogResetAndClearsOnlyHostSilent()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        using var folder = new TempFolder("paxman-pxmcu");
        var retained = folder.File("retained-ram");
        var first = await Pxmcu.StartAsync(pair.McuEnd, Wait, "--retained", retained);
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };
        await driver.WaitForAsync(s => s.State == LinkState.Linked, Wait, "linked");

        await first.WriteLineAsync("supply -12");
        await first.WaitForLineAsync(l => l.StartsWith("latched", StringComparison.Ordinal) && l.EndsWith("faults=2", StringComparison.Ordinal), Wait);
        await first.WriteLineAsync("supply auto");
        driver.Paused = true;
        await first.WaitForLineAsync(l => l.StartsWith("latched", StringComparison.Ordinal) && l.EndsWith("faults=1", StringComparison.Ordinal), Wait);

        first.KillHard();
        await first.WaitForExitAsync(Wait);
        await first.DisposeAsync();
        await using var second = await Pxmcu.StartAsync(pair.McuEnd, Wait, "--retained", retained);
        Assert.Contains("reset_reason=Watchdog latched=3", second.Lines[0], StringComparison.Ordinal);
        driver.Paused = false;

        await driver.WaitForAsync(s => s.State == LinkState.Linked && s.Mcu?.ResetReason == ResetReason.Watchdog, Wait, "linked to the rebooted MCU");
        var cleared = await second.WaitForLineAsync(l => l.StartsWith("cleared", StringComparison.Ordinal), Wait);
        Assert.EndsWith("faults=1 by_person=0", cleared, StringComparison.Ordinal);
        await driver.WaitForAsync(s => s.LastStatus?.Latched == McuFaults.OverCooling && s.LastStatus?.LinkId == s.Mcu?.LinkId, Wait, "over-cooling still latched");
        Assert.DoesNotContain(second.LinesStartingWith("applied"), l => l.EndsWith("mode=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pxmcu_SpeaksAnotherProtocolVersion_IsRefusedAndNothingIsApplied()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait, "--proto-version", "2");
        using var port = SerialMcuPort.Open(pair.HostEnd, TimeProvider.System, LoggerFor<SerialMcuPort>());
        ExpectError("MCU link refused");
        await using var driver = new LinkDriver(NewLink(port)) { Desired = Cooling };

        await driver.WaitForAsync(s => s.State == LinkState.VersionRefused, Wait, "refused");

        Assert.Empty(mcu.LinesStartingWith("applied"));
        Assert.Contains(mcu.LinesStartingWith("refused"), l => l.EndsWith("type=1 code=1", StringComparison.Ordinal));
        Assert.Equal(Outputs.None, driver.Status.LastStatus?.Outputs);
    }

    // Every STATUS the link drained, in order, so none between two ticks is missed.
    private sealed class RecordingPort(IMcuPort inner) : IMcuPort
    {
        private readonly List<Status> _statuses = [];

        public PortCounters Counters => inner.Counters;

        public void Send(ReadOnlySpan<byte> wireFrame) => inner.Send(wireFrame);

        public void Drain(List<McuFrame> into)
        {
            var from = into.Count;
            inner.Drain(into);
            lock (_statuses)
            {
                _statuses.AddRange(into.Skip(from).Where(f => f.Type == MessageType.Status).Select(f => f.Status));
            }
        }

        public IReadOnlyList<Status> Statuses()
        {
            lock (_statuses)
            {
                return [.. _statuses];
            }
        }

        public void Dispose() => inner.Dispose();
    }

    private McuLink NewLink(IMcuPort port) =>
        new(port, resetLine: null, new McuLinkOptions(), TimeProvider.System, new Random(5), LoggerFor<McuLink>());

    private static long Field(string line, string name) =>
        long.Parse(Regex.Match(line, $@"\b{name}=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
}
