namespace Paxman.Edge.Engine.Configuration;

/// <summary>A configuration value that stops start-up; the message is one line naming the key.</summary>
public sealed class ConfigurationProblemException : Exception
{
    public ConfigurationProblemException()
    {
    }

    public ConfigurationProblemException(string message)
        : base(message)
    {
    }

    public ConfigurationProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
