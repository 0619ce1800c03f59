using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Hardware.Tests;

/// <summary>
/// The host link against the MCU emulator in-process, stepped one 100 ms tick at a time on fake time:
/// the protocol's behaviour without any real time passing.
/// </summary>
public sealed class McuLinkLockStepTests : TestEnvironment
{
    private static readonly McuCommand Cooling = new(60, Pump: true, ValveA: true, ValveB: false, Fan: true, CoolingMode.Cool);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private readonly SimulatedUnit _unit = new(new SimulatedUnitOptions());
    private readonly InProcessMcuPort _port;
    private readonly McuLink _link;
    private readonly CountingResetLine _resetLine = new();
    private readonly List<McuEvent> _events = [];

    public McuLinkLockStepTests()
    {
        _port = new InProcessMcuPort(_unit, _time);
        _unit.Mcu.Event += _events.Add;
        _link = new McuLink(_port, _resetLine, new McuLinkOptions(), _time, new Random(7), LoggerFor<McuLink>());
    }

    [Fact]
    public void Tick_FirstStatus_HandshakesAndLinks()
    {
        var status = Step(3, McuCommand.Safe);

        Assert.Equal(LinkState.Linked, status.State);
        Assert.Equal("PX-SIM-0001", status.Mcu?.Serial);
        Assert.Equal(ResetReason.PowerOn, status.Mcu?.ResetReason);
        Assert.Equal((ushort)2000, status.Mcu?.MaxDurationMs);
        Assert.Equal(_link.LinkId, _unit.Mcu.LinkId);
        Assert.NotEqual(0, _link.LinkId);
    }

    [Fact]
    public void Tick_Linked_FirstCommandIsSafeThenTheDesiredStateIsApplied()
    {
        var status = Step(10, Cooling);

        var applied = _events.OfType<CommandApplied>().ToList();
        Assert.Equal(CoolingMode.Safe, applied[0].Command.Mode);
        Assert.Equal(new McuDrive(60, Pump: true, ValveA: true, ValveB: false, Fan: true), _unit.Mcu.Drive);
        Assert.Equal(_unit.Mcu.LastAppliedCmdSeq, applied[^1].Command.CmdSeq);
        // Every tick's command is newer than the last: applied sequence numbers only grow.
        Assert.True(applied.Zip(applied.Skip(1)).All(p => p.Second.Command.CmdSeq > p.First.Command.CmdSeq));
        Assert.True(status.Counters.CommandsAcknowledged > 0);
        Assert.NotNull(status.Counters.LastRoundTrip);
    }

    [Fact]
    public void Tick_StatusStopsComing_DegradedAfter500msLostAfter1sAndKeepsSendingSafe()
    {
        Step(10, Cooling);
        Assert.Equal(60, _unit.Mcu.Drive.CompressorPct);

        // Only the MCU's transmit line fails: it still hears the host.
        _unit.McuToHost = false;
        var states = Enumerable.Range(0, 15).Select(_ => Step(1, Cooling).State).ToList();

        Assert.Equal(LinkState.Linked, states[3]);
        Assert.Equal(LinkState.Degraded, states[5]);
        Assert.Equal(LinkState.Lost, states[10]);
        // The explicit safe command reached the MCU, and fed its dead-man: nothing latched.
        Assert.Equal(McuDrive.Safe(fan: false), _unit.Mcu.Drive);
        Assert.Equal(CoolingMode.Safe, _events.OfType<CommandApplied>().Last().Command.Mode);
        Assert.Equal(McuFaults.None, _unit.Mcu.Latched);
    }

    [Fact]
    public void Tick_StatusComesBack_HandshakesAgainWithANewLink()
    {
        Step(10, Cooling);
        var firstLink = _link.LinkId;
        _unit.McuToHost = false;
        Step(15, Cooling);

        _unit.McuToHost = true;
        var status = Step(5, Cooling);

        Assert.Equal(LinkState.Linked, status.State);
        Assert.NotEqual(firstLink, _link.LinkId);
        Assert.Equal(2, status.Counters.Handshakes);
        Assert.Equal(60, _unit.Mcu.Drive.CompressorPct);
    }

    [Fact]
    public void Tick_CommandsStopArrivingWhileStatusFlows_LostWithin1sOfTheLastAcknowledgementAndHandshakesAgain()
    {
        Step(10, Cooling);
        Assert.Equal(LinkState.Linked, Step(1, Cooling).State);

        // Only the host's transmit line fails: STATUS keeps arriving, but no command is applied any more.
        _unit.HostToMcu = false;
        var states = Enumerable.Range(0, 15).Select(_ => Step(1, Cooling)).ToList();

        // The command sent just before the cut is acknowledged in the next tick; the first unacknowledged one is
        // sent then, so 1 s of no acknowledgement is 11 ticks after the cut.
        Assert.All(states.Take(10), s => Assert.Equal(LinkState.Linked, s.State));
        var lost = states.FindIndex(s => s.State != LinkState.Linked);
        Assert.InRange(lost, 10, 11);
        Assert.Equal(LinkState.Handshaking, states[^1].State);
        Assert.Contains("acknowledged", states[lost].Problem, StringComparison.Ordinal);
        Assert.True(states[^1].Counters.FramesGood > states[0].Counters.FramesGood, "STATUS still arrives");
        Assert.Equal(0, _resetLine.Pulses);
    }

    [Fact]
    public void Tick_OneWayFailureMended_NewLinkClearsHostSilentByItselfAndCommandsAreAppliedAgain()
    {
        Step(10, Cooling);
        var firstLink = _link.LinkId;
        _unit.HostToMcu = false;
        Step(40, Cooling);
        Assert.Equal(McuFaults.HostSilent, _unit.Mcu.Latched);

        _unit.HostToMcu = true;
        var status = Step(10, Cooling);

        Assert.Equal(LinkState.Linked, status.State);
        Assert.NotEqual(firstLink, _link.LinkId);
        Assert.Equal(_link.LinkId, _unit.Mcu.LinkId);
        Assert.Equal(2, status.Counters.Handshakes);
        var cleared = Assert.Single(_events.OfType<LatchesCleared>());
        Assert.Equal(McuFaults.HostSilent, cleared.Faults);
        Assert.False(cleared.ByPerson);
        Assert.Equal(McuFaults.None, _unit.Mcu.Latched);
        Assert.Equal(60, _unit.Mcu.Drive.CompressorPct);
    }

    [Fact]
    public void Tick_CommandsLostUpToHalfASecondAtATime_NeverLosesTheLink()
    {
        Step(10, Cooling);

        // Five commands in a row lost, one through, over and over: the acknowledgement trails by up to 6 ticks.
        var states = new List<LinkState>();
        for (var tick = 0; tick < 600; tick++)
        {
            _unit.HostToMcu = tick % 6 == 5;
            states.Add(Step(1, Cooling).State);
        }

        Assert.All(states, s => Assert.Equal(LinkState.Linked, s));
        Assert.Equal(1, Step(1, Cooling).Counters.Handshakes);
        Assert.Equal(McuFaults.None, _unit.Mcu.Latched);
    }

    [Fact]
    public void Tick_DeadManExpiresOnTheCurrentLink_HandshakesAgainAtOnce()
    {
        // A dead-man shorter than the 1 s acknowledgement watch: STATUS showing host-silent active on the host's own
        // link says its commands are not being applied, before the watch would.
        _unit.Flash(new McuEmulatorOptions { MaxDurationMs = 500 }).Event += _events.Add;
        Step(10, Cooling);
        _unit.HostToMcu = false;
        var states = Enumerable.Range(0, 8).Select(_ => Step(1, Cooling).State).ToList();

        Assert.Contains(_events, e => e is DeadManExpired);
        Assert.Equal(LinkState.Handshaking, states[^1]);
    }

    [Fact]
    public void Tick_HostSilent_McuGoesSafeAndLatchesHostSilentAfterMaxDuration()
    {
        Step(10, Cooling);
        var lastApplied = _events.OfType<CommandApplied>().Last().UptimeMs;

        // The host stops ticking; the MCU's own timer goes on.
        for (var i = 0; i < 25; i++)
        {
            _unit.Mcu.Advance(100);
        }

        var expiry = Assert.Single(_events.OfType<DeadManExpired>());
        Assert.InRange(expiry.UptimeMs - lastApplied, 2000u, 2000u + 250u);
        Assert.Equal(McuFaults.HostSilent, _unit.Mcu.Latched);
        Assert.Equal(McuDrive.Safe(fan: false), _unit.Mcu.Drive);
    }

    [Fact]
    public void Tick_McuRebootsWithRetainedLatches_SeesResetReasonAndClearsHostSilentButNoOther()
    {
        Step(10, Cooling);
        // Over-cooling for five status periods latches the MCU's own trip...
        _unit.Plant.ForcedSupplyC = -12;
        for (var i = 0; i < 5; i++)
        {
            _unit.Mcu.Advance(100);
        }

        _unit.Plant.ForcedSupplyC = null;
        // ...and the host falls silent long enough for the dead-man.
        for (var i = 0; i < 25; i++)
        {
            _unit.Mcu.Advance(100);
        }

        var latched = _unit.Mcu.Latched;
        Assert.Equal(McuFaults.HostSilent | McuFaults.OverCooling, latched);

        // The MCU crashes and its watchdog reboots it; retained RAM keeps the latches.
        var rebooted = _unit.ResetMcu(ResetReason.Watchdog);
        rebooted.Event += _events.Add;
        var status = Step(10, Cooling);

        Assert.Equal(LinkState.Linked, status.State);
        Assert.Equal(ResetReason.Watchdog, status.Mcu?.ResetReason);
        var cleared = Assert.Single(_events.OfType<LatchesCleared>());
        Assert.Equal(McuFaults.HostSilent, cleared.Faults);
        Assert.False(cleared.ByPerson);
        Assert.Equal(McuFaults.OverCooling, rebooted.Latched);
        // While a latch holds the host commands SAFE (COOL would be refused and would not feed the dead-man).
        Assert.Equal(McuDrive.Safe(fan: true), rebooted.Drive);
        Assert.DoesNotContain(_events.OfType<FrameRefused>(), r => r.Code == ErrorCode.Latched);
    }

    [Fact]
    public void Tick_McuSpeaksAnotherVersion_RefusesTheLinkAndCommandsNothing()
    {
        _unit.Flash(new McuEmulatorOptions { ProtoVersion = 2, SupportedVersions = [2] }).Event += _events.Add;
        ExpectError("MCU link refused");

        var status = Step(20, Cooling);

        Assert.Equal(LinkState.VersionRefused, status.State);
        Assert.Contains("version", status.Problem, StringComparison.Ordinal);
        Assert.Empty(_events.OfType<CommandApplied>());
        Assert.Equal(McuDrive.Safe(fan: false), _unit.Mcu.Drive);
    }

    [Fact]
    public void Tick_LinkStaysLost_PulsesTheResetLineEvery30sAtMostThreeTimes()
    {
        Step(10, Cooling);
        _unit.LinkDown = true;

        var pulsesAt = ResetPulseTicks(1500);

        Assert.Equal(3, pulsesAt.Count);
        Assert.InRange(pulsesAt[0], 50, 52);
        Assert.Equal(300, pulsesAt[1] - pulsesAt[0]);
        Assert.Equal(300, pulsesAt[2] - pulsesAt[1]);
    }

    [Fact]
    public void Tick_CommandsStayUnacknowledgedWhileStatusFlows_PulsesTheResetLineEvery30sAtMostThreeTimes()
    {
        Step(10, Cooling);
        _unit.HostToMcu = false;

        var pulsesAt = ResetPulseTicks(1500);

        // Link lost about 1 s after the cut; the first pulse 5 s later (ResetAfterLost), then every 30 s, three at most.
        Assert.Equal(3, pulsesAt.Count);
        Assert.InRange(pulsesAt[0], 60, 63);
        Assert.Equal(300, pulsesAt[1] - pulsesAt[0]);
        Assert.Equal(300, pulsesAt[2] - pulsesAt[1]);
    }

    // Steps the link tick by tick while cooling, and returns the ticks at which the MCU reset line was pulsed.
    private List<int> ResetPulseTicks(int ticks)
    {
        var pulsesAt = new List<int>();
        for (var tick = 1; tick <= ticks; tick++)
        {
            var before = _resetLine.Pulses;
            Step(1, Cooling);
            if (_resetLine.Pulses > before)
            {
                pulsesAt.Add(tick);
            }
        }

        return pulsesAt;
    }

    [Fact]
    public void Tick_NoiseAtBer1e3_LinkRecoversAndNoCorruptOrOlderCommandIsEverApplied()
    {
        _unit.BitErrorRate = 1e-3;
        var linkedTicks = 0;
        const int ticks = 6000;
        CommandApplied? last = null;
        for (var tick = 0; tick < ticks; tick++)
        {
            var desired = Cooling with { CompressorPct = (byte)(20 + (tick % 60)) };
            var appliedBefore = _events.OfType<CommandApplied>().Count();
            if (Step(1, desired).State == LinkState.Linked)
            {
                linkedTicks++;
            }

            foreach (var applied in _events.OfType<CommandApplied>().Skip(appliedBefore))
            {
                // Applied synchronously during this tick's send: it must be exactly this tick's command.
                if (applied.Command.Mode == CoolingMode.Cool)
                {
                    Assert.Equal(desired.CompressorPct, applied.Command.CompressorPct);
                }

                if (last is not null && last.Command.LinkId == applied.Command.LinkId)
                {
                    Assert.True(applied.Command.CmdSeq > last.Command.CmdSeq);
                }

                last = applied;
            }
        }

        Assert.True(_unit.BitsFlipped > 1000, "the noise really flipped bits");
        Assert.True(_port.Counters.FramesRejected > 100, "corrupted frames were rejected");
        Assert.True(linkedTicks > ticks * 0.95, $"linked {linkedTicks} of {ticks} ticks");
        Assert.Equal(LinkState.Linked, Step(1, Cooling).State);
    }

    private McuLinkStatus Step(int ticks, McuCommand desired)
    {
        McuLinkStatus status = default;
        for (var i = 0; i < ticks; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _unit.Mcu.Advance(100);
            status = _link.Tick(_time.GetTimestamp(), desired);
        }

        return status;
    }

    private sealed class CountingResetLine : IMcuResetLine
    {
        public int Pulses { get; private set; }

        public void Pulse() => Pulses++;
    }
}
