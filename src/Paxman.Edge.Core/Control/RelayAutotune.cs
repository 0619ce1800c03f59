namespace Paxman.Edge.Core.Control;

/// <summary>Gains found by a relay autotune, with the figures they came from.</summary>
/// <param name="UltimateGain">Ku = 4 d / (pi a), compressor % per C.</param>
/// <param name="UltimatePeriodSeconds">Tu, the median cycle.</param>
/// <param name="AmplitudeC">a, half the median cycle's peak-to-peak swing of the supply temperature.</param>
public sealed record AutotuneResult(double Kp, double Ki, double Kd, double UltimateGain, double UltimatePeriodSeconds, double AmplitudeC, int Peaks);

/// <summary>
/// Klipper's PID_CALIBRATE turned round for a chiller, as a compressor law: a relay around the setpoint, full speed
/// until the supply falls to the setpoint, then minimum speed (never off, so the compressor's minimum off time
/// never distorts the cycle) until it has warmed <see cref="DeltaC"/> above it. Every turn of the relay records a
/// peak; after at least <see cref="MinimumPeaks"/> peaks the median cycle gives the ultimate gain
/// Ku = 4 d / (pi a) (d half the relay's swing, a half the temperature's) and period Tu.
/// </summary>
/// <remarks>
/// Gains come from Ziegler-Nichols' PI rule, Kp = 0.45 Ku, Ti = Tu / 1.2 (Ki = Kp / Ti), with no derivative. The
/// classic PID rule (Kp = 0.6 Ku, Ti = 0.5 Tu, Td = 0.125 Tu, as Klipper uses for heaters) was tried: on this plant,
/// which is nearly an integrator with little lag, the relay's period is set by the slow warming half-cycle, so
/// Td = Tu / 8 came out near 80 s and Kd near 4,700 %/(C/s). With the sensor's 0.05 C noise that derivative swings
/// the compressor by hundreds of percent, and the benchmark's band and IAE were worse than the thermostat's.
/// The PI gains meet the band target (README, "Control").
/// </remarks>
public sealed class RelayAutotune : ICompressorLaw
{
    public const int MinimumPeaks = 12;

    private readonly double _setpointC;
    private readonly byte _high;
    private readonly byte _low;
    private readonly List<(TimeSpan At, double C)> _peaks = [];
    private bool _cooling = true;
    private double _extreme = double.NaN;
    private TimeSpan _extremeAt;

    /// <param name="setpointC">The setpoint the relay switches around.</param>
    /// <param name="deltaC">How far above the setpoint the supply warms before full speed again.</param>
    /// <param name="lowPct">The relay's low output: the compressor's minimum speed.</param>
    /// <param name="highPct">The relay's high output.</param>
    public RelayAutotune(double setpointC, double deltaC, double lowPct, double highPct = 100)
    {
        _setpointC = setpointC;
        DeltaC = deltaC;
        _low = (byte)Math.Ceiling(lowPct);
        _high = (byte)Math.Round(highPct);
    }

    public double DeltaC { get; }

    /// <summary>Peaks seen so far.</summary>
    public int Peaks => _peaks.Count;

    /// <summary>The gains, once <see cref="MinimumPeaks"/> peaks have been seen; null before.</summary>
    public AutotuneResult? Result { get; private set; }

    /// <remarks>The relay switches around its own setpoint: no pre-chill target and no feed-forward during an autotune.</remarks>
    public byte Decide(in ControlAim aim, double supplyC, double dtSeconds, TimeSpan now, byte current, TimeSpan? changedAt)
    {
        if (double.IsNaN(_extreme) || (_cooling ? supplyC < _extreme : supplyC > _extreme))
        {
            _extreme = supplyC;
            _extremeAt = now;
        }

        if (_cooling && supplyC <= _setpointC)
        {
            _cooling = false;
            Peak();
        }
        else if (!_cooling && supplyC >= _setpointC + DeltaC)
        {
            _cooling = true;
            Peak();
        }

        return _cooling ? _high : _low;
    }

    public void Suspend()
    {
        // An interrupted relay cycle says nothing about the plant: start the peaks afresh.
        _peaks.Clear();
        _extreme = double.NaN;
        Result = null;
    }

    private void Peak()
    {
        // The extreme of the half cycle that just ended (a minimum when cooling ended, a maximum when warming ended)
        // is recorded when the relay turns; the plant keeps moving past the switch for a moment, which the next
        // half cycle's extreme catches.
        _peaks.Add((_extremeAt, _extreme));
        _extreme = double.NaN;
        if (_peaks.Count >= MinimumPeaks)
        {
            Result = Calculate();
        }
    }

    private AutotuneResult Calculate()
    {
        // Cycles between peaks of the same kind two apart; the first two peaks (the approach) are left out.
        var cycles = new List<(double Period, double Amplitude)>();
        for (var i = 4; i < _peaks.Count; i++)
        {
            var period = (_peaks[i].At - _peaks[i - 2].At).TotalSeconds;
            var amplitude = Math.Abs(_peaks[i].C - _peaks[i - 1].C) / 2;
            cycles.Add((period, amplitude));
        }

        var median = cycles.OrderBy(c => c.Period).ElementAt(cycles.Count / 2);
        var d = (_high - _low) / 2.0;
        var ku = 4 * d / (Math.PI * median.Amplitude);
        var tu = median.Period;
        var kp = 0.45 * ku;
        return new AutotuneResult(kp, kp / (tu / 1.2), 0, ku, tu, median.Amplitude, _peaks.Count);
    }
}
