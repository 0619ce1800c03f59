using System.Globalization;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Benchmarks;

/// <summary>`autotune`: runs the relay autotune on the simulated unit, then the control benchmark with the gains it found.</summary>
internal static class AutotuneScenario
{
    public static int Run()
    {
        var result = Tune(seed: 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"autotune: Ku {result.UltimateGain:F1} %/C, Tu {result.UltimatePeriodSeconds:F0} s, amplitude {result.AmplitudeC:F2} C over {result.Peaks} peaks -> Kp {result.Kp:F1}, Ki {result.Ki:F3}, Kd {result.Kd:F0}"));
        return ControlScenario.Run(new ControlOptions { Kp = result.Kp, Ki = result.Ki, Kd = result.Kd });
    }

    internal static AutotuneResult Tune(int seed)
    {
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { Seed = seed });
        while (!rig.Engine.Control.Ready)
        {
            rig.Tick();
        }

        var refused = rig.Engine.StartAutotune();
        if (refused is not null)
        {
            throw new InvalidOperationException(refused);
        }

        for (var tick = 0; tick < 36_000 * 4 && rig.Engine.Control.LastAutotune is null; tick++)
        {
            rig.Tick();
        }

        return rig.Engine.Control.LastAutotune ?? throw new InvalidOperationException("the autotune did not finish in 4 hours");
    }

}
