namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// A condition that becomes active after <see cref="Samples"/> consecutive bad samples and inactive after as many
/// good ones, as Klipper's ADC range check (safety.md, "Temperature trips").
/// </summary>
internal struct Debounce
{
    public const int Samples = 4;

    private int _run;

    /// <summary>A debounce in a saved state.</summary>
    public Debounce(DebounceState state)
    {
        Active = state.Active;
        _run = state.Run;
    }

    public bool Active { get; private set; }

    public readonly DebounceState State => new() { Active = Active, Run = _run };

    public bool Update(bool bad)
    {
        if (bad == Active)
        {
            _run = 0;
            return Active;
        }

        if (++_run >= Samples)
        {
            Active = bad;
            _run = 0;
        }

        return Active;
    }
}
