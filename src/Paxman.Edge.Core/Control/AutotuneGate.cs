namespace Paxman.Edge.Core.Control;

/// <summary>
/// Whether a technician may start a relay autotune now. An autotune swings the coolant by a degree, so it runs only
/// on a ready unit, out of its safe state, with every channel idle.
/// </summary>
public static class AutotuneGate
{
    /// <summary>The reason to refuse, in words a technician can act on, or null to allow.</summary>
    public static string? Refusal(bool hasChiller, bool safeState, bool ready, bool channelInUse, bool running)
    {
        if (!hasChiller || safeState)
        {
            return "the unit is in its safe state; clear the alarms first";
        }

        if (!ready)
        {
            return "the coolant is not at its setpoint yet; wait until the unit is ready";
        }

        if (channelInUse)
        {
            return "a channel is in use; an autotune runs only while every channel is idle";
        }

        return running ? "an autotune is already running" : null;
    }
}
