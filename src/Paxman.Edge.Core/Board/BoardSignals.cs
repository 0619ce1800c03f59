using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Board;

/// <summary>
/// The board's signals each tick: the buzzer pattern of the highest-priority sounding alarm (an active piezo switched
/// per tick) and the beacon: red for the safe state or a high-priority alarm, amber for another alarm or while not
/// ready to treat, green when ready.
/// </summary>
public sealed class BoardSignals
{
    private AlarmPriority? _buzzerPriority;
    private long _buzzerTick;

    // The start-up chirp (0.5 s at 10 Hz) that proves the buzzer sounds (its current sense, BuzzerFaultCondition).
    private int _chirpTicks = 5;

    /// <summary>The outputs for this tick.</summary>
    public BoardOutputs Next(bool coolingEnable, AlarmSystem alarms, bool safeState, bool ready)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        var sounding = alarms.Sounding();
        if (sounding != _buzzerPriority)
        {
            _buzzerPriority = sounding;
            _buzzerTick = 0;
        }

        var chirp = _chirpTicks > 0 && _chirpTicks-- > 0;
        return new BoardOutputs(coolingEnable, chirp || BuzzerPattern.IsOn(sounding, _buzzerTick++), Beacon(alarms, safeState, ready));
    }

    private static Beacon Beacon(AlarmSystem alarms, bool safeState, bool ready)
    {
        var highest = alarms.HighestOpen();
        if (safeState || highest == AlarmPriority.High)
        {
            return Board.Beacon.Red;
        }

        return highest is not null || !ready ? Board.Beacon.Amber : Board.Beacon.Green;
    }
}
