using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>One step of a scenario file, checked: only the fields its action uses are set.</summary>
internal sealed record ScenarioStep
{
    /// <summary>The step's index in the file's <c>steps</c> array, from 0 (what <c>refused</c> lines and errors name).</summary>
    public required int Index { get; init; }

    /// <summary>Device time since power-on, a whole number of engine ticks (100 ms).</summary>
    public required TimeSpan At { get; init; }

    public required ScenarioAction Action { get; init; }

    /// <summary>The channel of a session action or of <c>cap</c>; for <c>ack</c>, narrows the code to one channel.</summary>
    public CapChannel? Channel { get; init; }

    /// <summary><c>cap</c>'s <c>connected</c>, <c>stop-button</c>'s <c>pressed</c>.</summary>
    public bool On { get; init; }

    /// <summary><c>ambient</c>'s <c>c</c>.</summary>
    public double AmbientC { get; init; }

    /// <summary><c>clock-step</c>'s <c>seconds</c>: how far the wall clock jumps (may be negative).</summary>
    public TimeSpan WallStep { get; init; }

    /// <summary><c>restart</c> and <c>power-cut</c>: how long the host (and, for a cut, the unit) is down.</summary>
    public TimeSpan Down { get; init; }

    /// <summary><c>fault</c>: the change.</summary>
    public FaultChange Fault { get; init; }

    /// <summary><c>new-session</c>: the request, as the HTTP API's body would give it.</summary>
    public NewSessionRequest? Request { get; init; }

    /// <summary>The nurse's <c>operatorId</c> on a session action (recorded in the journal's audit trail).</summary>
    public string? OperatorId { get; init; }

    /// <summary><c>abort</c>'s <c>reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary><c>ack</c>'s <c>code</c>; null for <c>"all"</c>.</summary>
    public string? AlarmCode { get; init; }

    /// <summary>How errors and summaries name the step: <c>steps[3] at 00:40:00 ("precool")</c>.</summary>
    public override string ToString() => $"steps[{Index}] at {ScenarioTime.Format(At)} (\"{Action.Name()}\")";
}
