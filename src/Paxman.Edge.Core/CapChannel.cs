namespace Paxman.Edge.Core;

/// <summary>The unit's two cap channels; each treats one patient with its own valve, cap switch and timers.</summary>
public enum CapChannel
{
    A = 0,
    B = 1,
}

/// <summary>Parsing and naming of <see cref="CapChannel"/> as it appears in URLs, JSON and scenario files ("A", "B").</summary>
public static class CapChannels
{
    /// <summary>Both channels, in order.</summary>
    public static IReadOnlyList<CapChannel> All { get; } = [CapChannel.A, CapChannel.B];

    /// <summary>Parses "A" or "B" (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out CapChannel channel)
    {
        channel = CapChannel.A;
        if (text is null || text.Length != 1)
        {
            return false;
        }

        switch (char.ToUpperInvariant(text[0]))
        {
            case 'A':
                channel = CapChannel.A;
                return true;
            case 'B':
                channel = CapChannel.B;
                return true;
            default:
                return false;
        }
    }

    /// <summary>"A" or "B".</summary>
    public static string Name(this CapChannel channel) => channel == CapChannel.A ? "A" : "B";
}
