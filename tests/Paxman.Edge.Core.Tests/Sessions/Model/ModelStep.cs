using System.Globalization;

namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>What happens next in a generated sequence.</summary>
internal enum ModelStepKind
{
    Open,
    Precool,
    InfusionStart,
    InfusionEnd,
    Finish,
    Resume,
    Abort,
    Cap,
    Fault,
    Stop,
    Trip,
    Acknowledge,
    Ready,
    Wait,
    Restart,
}

/// <summary>
/// One step of a generated sequence: a nurse action, a cap or fault event, a STOP press, a wait, a host restart.
/// <see cref="Arg"/> is the step's choice (a request variant, a reason, on or off, a fault); <see cref="Millis"/> a
/// duration (a wait, an outage, a fault's confirmation delay).
/// </summary>
internal readonly record struct ModelStep(ModelStepKind Kind, CapChannel Channel, int Arg, long Millis)
{
    public override string ToString() => Kind switch
    {
        ModelStepKind.Wait => string.Create(CultureInfo.InvariantCulture, $"wait {Millis}ms"),
        ModelStepKind.Restart => string.Create(CultureInfo.InvariantCulture, $"restart after {Millis}ms"),
        ModelStepKind.Stop or ModelStepKind.Trip => $"{Kind} {(Arg == 2 ? "pulse" : Arg == 1 ? "on" : "off")}",
        ModelStepKind.Ready => $"{Kind} {(Arg == 1 ? "on" : "off")}",
        ModelStepKind.Acknowledge => "ack",
        ModelStepKind.Fault => string.Create(CultureInfo.InvariantCulture, $"{Kind} {Channel} {Arg} after {Millis}ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind} {Channel} {Arg}"),
    };
}
