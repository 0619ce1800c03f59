using System.Globalization;

namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>
/// One generated sequence: how the ticks come (<see cref="Ticks"/>: 0 = 97 ms, 1 = 100 ms, 2 = jittered 50..150 ms,
/// 3 = a coarse fixed <see cref="TickMs"/>, 4 = coarse and jittered around it), the billing rule, the resume window and
/// cap-off limit in minutes, the jitter's seed, and the steps.
/// </summary>
internal sealed record ModelScenario(int Ticks, int TickMs, string Rule, double WindowMinutes, double CapOffMinutes, int Seed, ModelStep[] Steps)
{
    public bool Fine => Ticks <= 2;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ticks={Ticks} tickMs={TickMs} rule={Rule} window={WindowMinutes} capOff={CapOffMinutes} seed={Seed} steps=[{string.Join("; ", Steps)}]");
}
