namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// A condition that becomes active after <see cref="Samples"/> consecutive bad samples and inactive after as many
/// good ones, as Klipper's ADC range check (safety.md, "Temperature trips").
/// </summary>
internal struct Debounce
{
    public const int Samples = 4;

    private int _run;

    public bool Active { get; private set; }

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
