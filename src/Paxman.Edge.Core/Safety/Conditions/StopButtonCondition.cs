using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The front-panel STOP button (debounced on the board, so within 200 ms): all cooling off at once, high
/// priority, a <c>stop-button</c> interruption on every channel being cooled.
/// </summary>
public sealed class StopButtonCondition : AlarmCondition
{
    public override string Code => "stop-button";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.Zero;

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.StopButton;

    public override string Message => "STOP pressed: all cooling stopped. Release STOP and acknowledge to resume.";

    public override bool Evaluate(in SafetyContext context)
    {
        var pressed = context.Snapshot.Board.StopPressed;
        if (!pressed)
        {
            Since = context.Now;
        }

        return pressed;
    }
}
