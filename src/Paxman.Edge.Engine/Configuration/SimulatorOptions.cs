namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Simulator</c> (README, "Configuration"); Simulated mode only.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";
    public const double DefaultTimeScale = 1;
    public const double MinTimeScale = 1;
    public const double MaxTimeScale = 1000;

    /// <summary>Device seconds per real second.</summary>
    public double TimeScale { get; set; } = DefaultTimeScale;

    /// <summary>Seeds the simulated sensor and link noise.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The simulated room, C; the coolant and caps start at it.</summary>
    public double AmbientC { get; set; } = 22;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(TimeScale >= MinTimeScale && TimeScale <= MaxTimeScale))
        {
            yield return $"Simulator:TimeScale: {TimeScale} is out of range; use {MinTimeScale} to {MaxTimeScale} device seconds per real second.";
        }

        if (!(AmbientC >= 0 && AmbientC <= 45))
        {
            yield return $"Simulator:AmbientC: {AmbientC} is out of range; use a room temperature from 0 to 45 C.";
        }
    }
}
