namespace Paxman.Edge.Core.Alarms;

/// <summary>IEC 60601-1-8 alarm priorities.</summary>
public enum AlarmPriority
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>The life of an alarm occurrence (IEC 60601-1-8 vocabulary).</summary>
public enum AlarmOccurrenceState
{
    /// <summary>Raised and not yet acknowledged: its signals are on.</summary>
    Raised,

    /// <summary>A person has acknowledged it: its audible signal stops; it stays listed until cleared.</summary>
    Acknowledged,

    /// <summary>Over: the condition is gone (and, for a latching high-priority alarm, it was acknowledged).</summary>
    Cleared,
}

/// <summary>What the safety supervisor does while an alarm condition holds.</summary>
public enum SafetyAction
{
    /// <summary>Only the alarm (and any interruption the condition names).</summary>
    None,

    /// <summary>The compressor is commanded off; the pump and valves go on.</summary>
    CompressorOff,

    /// <summary>The safe state: compressor off, pump off, valves closed, cooling-enable low, beacon red.</summary>
    SafeState,
}

/// <summary>Names used on the wire (API, MQTT) for priorities and states.</summary>
public static class AlarmNames
{
    public static string Name(this AlarmPriority priority) => priority switch
    {
        AlarmPriority.High => "high",
        AlarmPriority.Medium => "medium",
        _ => "low",
    };

    public static string Name(this AlarmOccurrenceState state) => state switch
    {
        AlarmOccurrenceState.Raised => "raised",
        AlarmOccurrenceState.Acknowledged => "acknowledged",
        _ => "cleared",
    };
}
