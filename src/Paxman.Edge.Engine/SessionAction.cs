namespace Paxman.Edge.Engine;

/// <summary>The nurse's actions on a running session (README, "HTTP API").</summary>
public enum SessionAction
{
    Precool,
    InfusionStart,
    InfusionEnd,
    Finish,
    Resume,
    Abort,
}
