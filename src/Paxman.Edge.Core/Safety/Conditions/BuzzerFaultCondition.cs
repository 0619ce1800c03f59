using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The buzzer's current sense shows no current on three driven ticks in a row (its pulses are one or two ticks long,
/// so ticks it was not driven do not count): an open piezo or wire, and the unit cannot sound an alarm. Proved at
/// start-up by a half-second chirp (<see cref="Board.BoardSignals"/>). High priority so that the screen, the beacon
/// and MQTT say so; it does not stop cooling, which is not itself a hazard (src/Paxman.Edge.Core/Safety/README.md).
/// </summary>
public sealed class BuzzerFaultCondition : AlarmCondition
{
    private const int SilentDrivenTicks = 3;
    private int _silent;
    private TimeSpan _firstSilent;

    public override string Code => "buzzer-fault";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(0.5);

    public override bool HoldsSafeState => false;

    public override string Message =>
        "The alarm buzzer does not sound: this unit cannot sound alarms. Watch the screen and call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        if (context.Driven.Buzzer)
        {
            if (context.Snapshot.Board.BuzzerSounding)
            {
                _silent = 0;
            }
            else if (_silent++ == 0)
            {
                _firstSilent = context.Now;
            }
        }

        Since = _silent > 0 ? _firstSilent : context.Now;
        return _silent >= SilentDrivenTicks;
    }
}
