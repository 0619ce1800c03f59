namespace Paxman.Edge.Protocol;

/// <summary>Argument check shared by the messages' WritePayload.</summary>
internal static class PayloadGuard
{
    public static void EnsureRoom(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold at least {length} payload bytes.", nameof(destination));
        }
    }
}
