using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Safety;

/// <summary>One channel as the supervisor sees it this tick.</summary>
/// <param name="Demand">Cooling is wanted on the channel: its session is cooling and its cap is plugged in.</param>
/// <param name="ValveOpen">The valve was commanded open on the last tick, so coolant should be flowing.</param>
/// <param name="CapConnectedAt">Device uptime at which the cap was last connected, or null while unplugged.</param>
public readonly record struct ChannelCooling(bool Demand, bool ValveOpen, TimeSpan? CapConnectedAt);

/// <summary>What every alarm condition reads in one tick.</summary>
public readonly struct SafetyContext
{
    public SafetyContext(in PlantSnapshot snapshot, SafetyOptions options, double setpointC, double commandedCompressorPct,
        bool everReady, ChannelCooling a, ChannelCooling b, BoardOutputs driven = default)
    {
        Driven = driven;
        Snapshot = snapshot;
        Options = options;
        SetpointC = setpointC;
        CommandedCompressorPct = commandedCompressorPct;
        EverReady = everReady;
        A = a;
        B = b;
    }

    public PlantSnapshot Snapshot { get; }

    public SafetyOptions Options { get; }

    public double SetpointC { get; }

    /// <summary>The compressor speed the host commanded on the last tick (0 while it commanded SAFE).</summary>
    public double CommandedCompressorPct { get; }

    /// <summary>The unit has been ready at least once since power-on (the chill-down is over).</summary>
    public bool EverReady { get; }

    public ChannelCooling A { get; }

    /// <summary>The board outputs the host drove on the last tick (what the relay's and the buzzer's readbacks should show now).</summary>
    public BoardOutputs Driven { get; }

    public ChannelCooling B { get; }

    /// <summary>Device uptime now.</summary>
    public TimeSpan Now => Snapshot.Uptime;

    public ChannelCooling Channel(CapChannel channel) => channel == CapChannel.A ? A : B;

    /// <summary>Some channel wants cooling: a treatment is under way.</summary>
    public bool Treating => A.Demand || B.Demand;
}
