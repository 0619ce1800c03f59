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
/// The coolant temperature loop (README, "Architecture", the tick's control step), run after the safety supervisor in every tick: the
/// compressor law (<see cref="PidCompressorLaw"/>: PID on the supply temperature to compressor speed, with the
/// compressor's minimum speed and minimum off time), the chill-down from power-on, readiness (within +/- 1 C of the setpoint for 60 s), the pump and each channel's valve
/// following its cooling demand, and feed-forward from known disturbances (<see cref="PreChill"/> while a session is
/// prepared, <see cref="CapHeatFeedForward"/> when a valve opens on a warm cap), which the PID corrects. It obeys the supervisor's verdict before anything else: in the safe state, with
/// the compressor off and during an autotune nothing is fed forward.
/// </summary>
public sealed class CoolantControl
{
    private readonly ControlOptions _options;
    private TimeSpan? _inBandSince;
    private TimeSpan? _lastUpdate;
    private TimeSpan? _changedAt;
    private byte _commanded;

    /// <param name="options">The loop's configuration.</param>
    /// <param name="law">How the compressor follows the temperature: the PID unless a benchmark compares another.</param>
    public CoolantControl(ControlOptions options, ICompressorLaw? law = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Law = law ?? new PidCompressorLaw(options);
        PreChill = new PreChill(options);
        CapHeat = new CapHeatFeedForward(options);
        TargetC = options.SetpointC;
    }

    /// <summary>Pre-chill while a session is prepared.</summary>
    public PreChill PreChill { get; }

    /// <summary>The cap's heat and load fed forward at the valve.</summary>
    public CapHeatFeedForward CapHeat { get; }

    /// <summary>What the loop aimed for on the last update: the setpoint, or below it while pre-chilling.</summary>
    public double TargetC { get; private set; }

    /// <summary>The compressor % fed forward on the last update (0 while feed-forward is not allowed).</summary>
    public double FeedForwardPct { get; private set; }

    public ICompressorLaw Law { get; }

    /// <summary>The relay autotune while one runs, else null.</summary>
    public RelayAutotune? Autotune { get; private set; }

    /// <summary>The result of the last autotune that completed (its gains are in use), or null.</summary>
    public AutotuneResult? LastAutotune { get; private set; }

    /// <summary>
    /// Starts a relay autotune around the setpoint (Klipper's PID_CALIBRATE for a chiller); the caller checks that
    /// every channel is idle. When it completes its gains replace the PID's, bumplessly.
    /// </summary>
    public void StartAutotune(double deltaC = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deltaC, 0);
        Autotune = new RelayAutotune(_options.SetpointC, deltaC, _options.CompressorMinPct);
    }

    /// <summary>Stops a running autotune; the gains stay as they were.</summary>
    public void CancelAutotune() => Autotune = null;

    public double SetpointC => _options.SetpointC;

    /// <summary>The coolant has been within the band for long enough to treat.</summary>
    public bool Ready { get; private set; }

    /// <summary>The unit has been ready at least once since power-on (the chill-down is over).</summary>
    public bool EverReady { get; private set; }

    /// <summary>The compressor speed commanded by the last update.</summary>
    public byte CommandedCompressorPct => _commanded;

    /// <summary>Compressor starts commanded since power-on (a figure: short cycling wears compressors).</summary>
    public int CompressorStarts { get; private set; }

    /// <summary>
    /// After a host restart: the compressor is taken to have stopped at <paramref name="uptime"/> (negative: before this
    /// process started; the MCU's dead-man stopped it while the host was away), so it is not commanded again within its
    /// minimum off time, which it would not obey (a false <c>compressor-not-following</c>).
    /// </summary>
    public void AssumeStopped(TimeSpan uptime)
    {
        if (_commanded == 0)
        {
            _changedAt = uptime;
        }
    }

    /// <summary>One control step at the snapshot's time, under the supervisor's <paramref name="verdict"/>, with no session known.</summary>
    public ControlOutput Update(in PlantSnapshot snapshot, bool demandA, bool demandB, SafetyVerdict verdict) =>
        Update(snapshot, demandA, demandB, verdict, ControlCues.None);

    /// <summary>One control step, with what the sessions know ahead of the coolant (<paramref name="cues"/>).</summary>
    public ControlOutput Update(in PlantSnapshot snapshot, bool demandA, bool demandB, SafetyVerdict verdict, in ControlCues cues)
    {
        var now = snapshot.Uptime;
        var dt = _lastUpdate is { } last ? (now - last).TotalSeconds : 0;
        _lastUpdate = now;
        var supply = snapshot.HasStatus ? snapshot.SupplyC : null;
        UpdateReady(now, supply, verdict);

        // The supervisor's verdict first: nothing is fed forward while it takes cooling away, nor during an autotune.
        var safe = verdict.SafeState || supply is null;
        var allowed = !safe && !verdict.CompressorOff && Autotune is null;
        var offset = PreChill.Update(cues, now, dt, supply, allowed);
        var stopAt = PreChillBounds.StopAtC(_options, PreChill.FloorOffsetC);
        var steady = Law is PidCompressorLaw { Pid.Running: true } law ? law.Pid.Integral : 0;
        var feedForward = CapHeat.Update(demandA && !safe, demandB && !safe, supply ?? _options.SetpointC, snapshot.CompressorActualPct, steady, stopAt, now, dt,
            allowed);
        var aim = new ControlAim(_options.SetpointC - offset, feedForward + PreChill.RampPct, stopAt, PreChill.FloorOffsetC > 0 ? PreChillBounds.StopFilterSeconds : 0);
        TargetC = aim.TargetC;
        FeedForwardPct = aim.FeedForwardPct;
        if (safe)
        {
            Command(0, now);
            Law.Suspend();
            CancelAutotune();
            return ControlOutput.Safe;
        }

        byte compressor = 0;
        if (!verdict.CompressorOff)
        {
            compressor = (Autotune ?? Law).Decide(aim, supply!.Value, dt, now, _commanded, _changedAt);
            if (Autotune?.Result is { } result)
            {
                LastAutotune = result;
                Autotune = null;
                if (Law is PidCompressorLaw pid)
                {
                    pid.Pid.SetGains(result.Kp, result.Ki, result.Kd, _options.SetpointC);
                }
            }
        }
        else
        {
            Law.Suspend();
            CancelAutotune();
        }

        Command(compressor, now);

        // The pump circulates whenever the unit is up (the supply sensor reads moving coolant); each valve follows
        // its channel's cooling demand.
        return new ControlOutput(compressor, Pump: true, ValveA: demandA, ValveB: demandB, Fan: compressor > 0, CoolingEnable: true);
    }

    private void Command(byte compressor, TimeSpan now)
    {
        if (compressor == 0 && _commanded > 0)
        {
            _changedAt = now;
        }
        else if (compressor > 0 && _commanded == 0)
        {
            _changedAt = now;
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
