namespace Paxman.Edge.Core;

/// <summary>The unit cannot start for a reason a technician can fix; the message says what and how.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
