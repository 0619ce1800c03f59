using Paxman.Edge.Core.Safety.Conditions;

namespace Paxman.Edge.Core.Safety;

/// <summary>
/// Proves that the cooling-enable relay opens (a welded relay is a latent fault: nothing shows it while the relay is
/// meant to be closed, and the unit idles with it closed for days). At start-up cooling-enable is held low until the
/// readback has been seen open for 0.5 s; then, once <see cref="SafetyOptions.RelayProofHours"/> (24 h) have passed
/// without it being seen open, at the next moment the unit is idle (no channel cooling, no cap plugged in) the
/// compressor is stopped and, once it stands still, cooling-enable is dropped until the readback shows it open. A cap
/// plugged in or a channel wanting cooling ends the attempt at once, to be tried again when idle.
/// <see cref="CoolingEnableRelayCondition"/> judges the readback.
/// </summary>
public sealed class RelayProof
{
    /// <summary>Control is to keep the compressor off (it is stopping, or cooling-enable is held low).</summary>
    public bool WantsCompressorOff { get; private set; }

    /// <summary>Cooling-enable is to be driven low this tick.</summary>
    public bool HoldsEnableLow { get; private set; }

    public void Update(in SafetyContext context, TimeSpan? provenOpenAt)
    {
        var now = context.Now;
        if (provenOpenAt is null)
        {
            // Start-up: cooling-enable stays low (as it is at boot) until the relay has been seen open.
            WantsCompressorOff = HoldsEnableLow = true;
            return;
        }

        var due = now - provenOpenAt.Value >= TimeSpan.FromHours(context.Options.RelayProofHours);
        var board = context.Snapshot.Board;
        var idle = !context.Treating && !board.CapA && !board.CapB;
        var proving = due && idle;
        WantsCompressorOff = proving;

        // Dropped only once the compressor stands still, so the line never breaks a running compressor's current.
        HoldsEnableLow = proving && context.CommandedCompressorPct == 0 && context.Snapshot.CompressorActualPct == 0;
    }
}
