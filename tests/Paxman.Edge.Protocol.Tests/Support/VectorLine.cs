namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>One line of a test-vector file: name, wire bytes (with the trailing 00), text.</summary>
internal sealed record VectorLine(string Name, byte[] Wire, string Text)
{
    public override string ToString() => Name;
}
