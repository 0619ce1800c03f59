namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>One line of a test-vector file: name, wire bytes (with the trailing 00), text.</summary>
internal sealed record VectorLine(string Name, byte[] Wire, string Text)
{
    /// <summary>invalid.txt only: <c>mcu</c>, <c>host</c> or <c>any</c>, the receiver that rejects it for its reason.</summary>
    public string? Receiver { get; init; }

    public override string ToString() => Name;
}
