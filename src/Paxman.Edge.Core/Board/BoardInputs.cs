namespace Paxman.Edge.Core.Board;

/// <summary>The board's inputs as the engine sees them in one tick, debounced, in their meaning (not their level).</summary>
/// <param name="RelayClosed">The cooling-enable relay's readback: closed (as last driven, sampled without debounce).</param>
/// <param name="BuzzerSounding">The buzzer's current sense: current flows (as last driven, sampled without debounce).</param>
public readonly record struct BoardInputs(bool CapA, bool CapB, bool StopPressed, bool McuFault, bool RelayClosed = false, bool BuzzerSounding = false)
{
    /// <summary>What a board with every wire broken reads: caps unplugged, STOP pressed, MCU faulted.</summary>
    public static BoardInputs Safe => new(CapA: false, CapB: false, StopPressed: true, McuFault: true);
}
