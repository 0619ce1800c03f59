namespace Paxman.Edge.Protocol;

/// <summary>STATUS.reservoir; 0 if no level sensor is fitted.</summary>
public enum ReservoirLevel : byte
{
    /// <summary>0: ok (or not fitted).</summary>
    Ok = 0,

    /// <summary>1: low; the host alarms on it, the MCU does not trip.</summary>
    Low = 1,

    /// <summary>2: empty; trips reservoir-empty after debounce.</summary>
    Empty = 2,
}
