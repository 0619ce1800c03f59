namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>A phase or an interruption in the reference model: a name and a stretch of the timeline, open until it ends.</summary>
internal sealed class ModelSpan(string name, TimeSpan start)
{
    public string Name { get; } = name;

    public TimeSpan Start { get; } = start;

    public TimeSpan? End { get; private set; }

    public bool IsOpen => End is null;

    /// <summary>Ends the span at <paramref name="end"/>, or at its start if that is earlier.</summary>
    public void Close(TimeSpan end) => End = end < Start ? Start : end;

    public TimeSpan EndOr(TimeSpan now) => End ?? now;
}
