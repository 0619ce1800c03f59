namespace Paxman.Edge.Core.State;

/// <summary>One cap channel (A or B). Hardware fields are null until their source exists.</summary>
public sealed record ChannelState
{
    public required string Channel { get; init; }

    /// <summary><c>idle|prepared|precool|infusion|postcool|done</c>.</summary>
    public required string State { get; init; }

    public bool? CapConnected { get; init; }

    public double? FlowLpm { get; init; }

    /// <summary>The cause of the current interruption, or null.</summary>
    public string? Interrupted { get; init; }

    /// <summary>The session on this channel, or null.</summary>
    public SessionSummary? Session { get; init; }
}
