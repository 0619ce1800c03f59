namespace Paxman.Edge.Core.State;

/// <summary>
/// The tick engine's own figures.
/// </summary>
/// <param name="Ticks">Ticks run since start.</param>
/// <param name="LateTicks">Ticks that started more than half a period after their deadline, or were skipped.</param>
/// <param name="DeviceSeconds">Device time since start, measured on the monotonic clock.</param>
public sealed record EngineState(long Ticks, long LateTicks, double DeviceSeconds);
