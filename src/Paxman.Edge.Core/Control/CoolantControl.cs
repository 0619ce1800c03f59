using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Control;

/// <summary>What control asks of the hardware this tick.</summary>
public readonly record struct ControlOutput(byte CompressorPct, bool Pump, bool ValveA, bool ValveB, bool Fan, bool CoolingEnable)
{
    public static ControlOutput Safe => new(0, Pump: false, ValveA: false, ValveB: false, Fan: false, CoolingEnable: false);

    public bool Valve(CapChannel channel) => channel == CapChannel.A ? ValveA : ValveB;
}

/// <summary>
/// The coolant temperature loop (ARCHITECTURE.md step 5), run after the safety supervisor in every tick: PID on
/// the supply temperature to compressor speed, with the compressor's minimum speed and minimum off time, the
/// chill-down from power-on, readiness (within +/- 1 C of the setpoint for 60 s), the pump and each channel's valve
/// following its cooling demand. It obeys the supervisor's verdict before anything else.
/// </summary>
public sealed class CoolantControl
{
    private readonly ControlOptions _options;
    private TimeSpan? _inBandSince;
    private TimeSpan? _lastUpdate;
    private TimeSpan? _stoppedAt;
    private byte _commanded;

    public CoolantControl(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Pid = new PidController(options.Kp, options.Ki, options.Kd, options.DerivativeFilterSeconds, 0, 100);
    }

    public PidController Pid { get; }

    public double SetpointC => _options.SetpointC;

    /// <summary>The coolant has been within the band for long enough to treat.</summary>
    public bool Ready { get; private set; }

    /// <summary>The unit has been ready at least once since power-on (the chill-down is over).</summary>
    public bool EverReady { get; private set; }

    /// <summary>The compressor speed commanded by the last update.</summary>
    public byte CommandedCompressorPct => _commanded;

    /// <summary>Compressor starts commanded since power-on (a figure: short cycling wears compressors).</summary>
    public int CompressorStarts { get; private set; }

    /// <summary>One control step at the snapshot's time, under the supervisor's <paramref name="verdict"/>.</summary>
    public ControlOutput Update(in PlantSnapshot snapshot, bool demandA, bool demandB, SafetyVerdict verdict)
    {
        var now = snapshot.Uptime;
        var dt = _lastUpdate is { } last ? (now - last).TotalSeconds : 0;
        _lastUpdate = now;
        var supply = snapshot.HasStatus ? snapshot.SupplyC : null;
        UpdateReady(now, supply, verdict);

        if (verdict.SafeState || supply is null)
        {
            Command(0, now);
            Pid.Stop();
            return ControlOutput.Safe;
        }

        byte compressor = 0;
        if (!verdict.CompressorOff)
        {
            compressor = Compressor(supply.Value, dt, now);
        }
        else
        {
            Pid.Stop();
        }

        Command(compressor, now);

        // The pump circulates whenever the unit is up (the supply sensor reads moving coolant); each valve follows
        // its channel's cooling demand.
        return new ControlOutput(compressor, Pump: true, ValveA: demandA, ValveB: demandB, Fan: compressor > 0, CoolingEnable: true);
    }

    private byte Compressor(double supply, double dt, TimeSpan now)
    {
        var o = _options;
        var u = Pid.Update(o.SetpointC, supply, dt);
        if (_commanded > 0)
        {
            if (u >= o.CompressorMinPct)
            {
                return (byte)Math.Round(u);
            }

            // Below the minimum speed the compressor holds it, and stops once the coolant is clearly cold enough.
            return supply < o.SetpointC - o.StopBelowSetpointC ? (byte)0 : (byte)Math.Ceiling(o.CompressorMinPct);
        }

        var rested = _stoppedAt is not { } stopped || now - stopped >= TimeSpan.FromSeconds(o.CompressorMinOffSeconds);
        var wanted = u >= o.CompressorMinPct || supply > o.SetpointC + o.StopBelowSetpointC;
        return rested && wanted ? (byte)Math.Round(Math.Max(u, Math.Ceiling(o.CompressorMinPct))) : (byte)0;
    }

    private void Command(byte compressor, TimeSpan now)
    {
        if (compressor == 0 && _commanded > 0)
        {
            _stoppedAt = now;
        }
        else if (compressor > 0 && _commanded == 0)
        {
            CompressorStarts++;
        }

        _commanded = compressor;
    }

    private void UpdateReady(TimeSpan now, double? supply, SafetyVerdict verdict)
    {
        if (!verdict.SafeState && supply is { } c && Math.Abs(c - _options.SetpointC) <= _options.ReadyBandC)
        {
            _inBandSince ??= now;
            Ready = now - _inBandSince.Value >= TimeSpan.FromSeconds(_options.ReadySeconds);
            EverReady |= Ready;
        }
        else
        {
            _inBandSince = null;
            Ready = false;
        }
    }
}
