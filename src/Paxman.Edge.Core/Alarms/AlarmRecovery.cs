using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// Start-up recovery of the alarms an earlier run of the host left open (README, "Sessions, the journal and
/// recovery"): a high-priority occurrence comes back open under its own id, bound to its condition, demanding the
/// strongest action that condition can demand (the safe state for a trip) until a person acknowledges it after its
/// condition, evaluated live again, has ended; one with no known condition becomes a <see cref="RestoredTripCondition"/>.
/// Medium and low ones clear with their condition, which nobody observed across the restart: they are closed (a cleared
/// change), and raised anew if their condition still holds.
/// </summary>
public static class AlarmRecovery
{
    /// <summary>
    /// How long after start-up a restored condition is still taken as present beyond its own detection time: the MCU
    /// link may take this long to come up (the <c>mcu-link-lost</c> rule's start-up grace) before anything is seen.
    /// </summary>
    public static readonly TimeSpan StartUpGrace = TimeSpan.FromSeconds(5);

    /// <summary>Restores <paramref name="open"/> (oldest first) into <paramref name="alarms"/>; returns the number restored open.</summary>
    /// <param name="known">Every condition this host evaluates (the supervisor's, the journal's, the sessions').</param>
    /// <param name="now">Device uptime of the first tick.</param>
    public static int Restore(AlarmSystem alarms, IReadOnlyList<StoredAlarm> open, IReadOnlyList<AlarmCondition> known, TimeSpan now, DateTimeOffset wallNow)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(known);
        var restored = 0;
        foreach (var stored in open)
        {
            CapChannel? channel = CapChannels.TryParse(stored.Channel, out var c) ? c : null;
            var condition = Find(known, stored.Code, channel);
            var high = condition?.Priority == AlarmPriority.High || (condition is null && stored.Priority == AlarmPriority.High.Name());
            condition ??= new RestoredTripCondition(stored.Code, channel, stored.Message);
            if (!high || alarms.Find(condition) is not null)
            {
                // Not latching (or a second open occurrence of one condition): it ends here, seen by the journal and MQTT.
                alarms.Close(condition, stored.AlarmId, stored.At, stored.Message, wallNow);
                continue;
            }

            var state = stored.State == AlarmOccurrenceState.Acknowledged.Name() ? AlarmOccurrenceState.Acknowledged : AlarmOccurrenceState.Raised;
            var demanded = condition.HoldsSafeState ? condition.StrongestAction : SafetyAction.None;
            alarms.Restore(condition, stored.AlarmId, stored.At, state, stored.Message, demanded, now, now + condition.DetectionTime + StartUpGrace);
            restored++;
        }

        return restored;
    }

    private static AlarmCondition? Find(IReadOnlyList<AlarmCondition> known, string code, CapChannel? channel)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (known[i].Code == code && known[i].Channel == channel)
            {
                return known[i];
            }
        }

        return null;
    }
}
