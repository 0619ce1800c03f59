namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>A scenario file that is itself wrong: the message is one line naming the step and what to write instead.</summary>
internal sealed class ScenarioFormatException : Exception
{
    public ScenarioFormatException()
    {
    }

    public ScenarioFormatException(string message)
        : base(message)
    {
    }

    public ScenarioFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
