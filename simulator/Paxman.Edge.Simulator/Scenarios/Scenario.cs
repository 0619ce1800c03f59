namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>A checked scenario file (README of the simulator, "Scenario runner"): steps in time order, none past <see cref="RunUntil"/>.</summary>
internal sealed record Scenario
{
    /// <summary>The contract's default epoch: wall time at power-on.</summary>
    public static readonly DateTimeOffset DefaultEpoch = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    public const int DefaultSeed = 1;

    public const double DefaultAmbientC = 22;

    /// <summary>Default downtime of <c>restart</c> and <c>power-cut</c>.</summary>
    public static readonly TimeSpan DefaultDown = TimeSpan.FromSeconds(30);

    /// <summary>Wall-clock time at power-on (device time zero).</summary>
    public DateTimeOffset Epoch { get; init; } = DefaultEpoch;

    /// <summary>Seeds the simulated unit's noise and the session ids.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The room, C.</summary>
    public double AmbientC { get; init; } = DefaultAmbientC;

    /// <summary>Device time the run ends at (its last tick).</summary>
    public required TimeSpan RunUntil { get; init; }

    public required IReadOnlyList<ScenarioStep> Steps { get; init; }
}
