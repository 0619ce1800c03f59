using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core;
using Paxman.Edge.Core.State;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Benchmarks;

/// <summary>`control-trace`: prints the unit's coolant, compressor and alarms once a minute through the load profile.</summary>
internal static class ControlTrace
{
    public static int Run(EngineOptions options)
    {
        var epoch = new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);
        using var rig = new SimulatedRig(new UnitIdentity("PX-SIM-0001", "bench", true, epoch), new NoBroker(), new SimulatedUnitOptions(), epoch, NullLoggerFactory.Instance, options);
        for (var minute = 0; minute < 240; minute++)
        {
            if (minute == 30) rig.Unit.SetCap(CapChannel.A, true);
            if (minute == 50) rig.Unit.SetCap(CapChannel.B, true);
            if (minute == 80) rig.Unit.SetCap(CapChannel.A, false);
            if (minute == 90) rig.Unit.SetCap(CapChannel.A, true);
            if (minute == 210) { rig.Unit.SetCap(CapChannel.A, false); rig.Unit.SetCap(CapChannel.B, false); }
            var state = rig.Run(TimeSpan.FromMinutes(1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{minute,4} supply={state.Coolant?.SupplyC,6} comp={state.CompressorPercent,4} ready={state.Ready} starts={rig.Engine.Control.CompressorStarts} alarms={string.Join(",", state.Alarms?.Select(a => a.Code + ":" + a.State) ?? [])} int={state.Channels[0].Interrupted}/{state.Channels[1].Interrupted}"));
        }

        return 0;
    }

    private sealed class NoBroker : IBrokerStatus
    {
        public bool IsConnected => false;
    }
}
