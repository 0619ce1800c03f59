using Paxman.Edge.Core;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// A scenario's nurse actions on the engine, as the HTTP API takes them (README of the simulator, "Scenario runner"). Engine thread only:
/// call from inside <see cref="TickEngine.PostAsync{T}"/>.
/// </summary>
internal static class NurseActions
{
    /// <summary>Applies the step; returns the refusal's nurse-readable detail, or null when done.</summary>
    public static string? Apply(TickEngine engine, ScenarioStep step)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(step);
        return step.Action switch
        {
            ScenarioAction.NewSession => engine.OpenSession(step.Channel!.Value, step.Request!).Refusal?.Detail,
            ScenarioAction.Precool => Act(engine, step, SessionAction.Precool),
            ScenarioAction.InfusionStart => Act(engine, step, SessionAction.InfusionStart),
            ScenarioAction.InfusionEnd => Act(engine, step, SessionAction.InfusionEnd),
            ScenarioAction.Finish => Act(engine, step, SessionAction.Finish),
            ScenarioAction.Resume => Act(engine, step, SessionAction.Resume),
            ScenarioAction.Abort => Act(engine, step, SessionAction.Abort),
            ScenarioAction.Ack => Acknowledge(engine, step.AlarmCode, step.Channel),
            ScenarioAction.AudioPause => PauseAudio(engine),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Action, "not a nurse action"),
        };
    }

    private static string? Act(TickEngine engine, ScenarioStep step, SessionAction action) =>
        engine.Act(step.Channel!.Value, action, step.OperatorId, step.Reason)?.Detail;

    // "all" (code null): every open alarm, acknowledged ones included, so that those whose condition has ended are reset.
    private static string? Acknowledge(TickEngine engine, string? code, CapChannel? channel)
    {
        var ids = engine.Safety.Alarms.Open
            .Where(o => code is null || (o.Code == code && (channel is null || o.Channel == channel)))
            .Select(o => o.AlarmId)
            .ToList();
        if (ids.Count == 0 && code is not null)
        {
            var where = channel is { } ch ? $" on channel {ch.Name()}" : string.Empty;
            return $"There is no open alarm '{code}'{where}; it may have cleared already. The open alarms are listed in /api/status.";
        }

        foreach (var id in ids)
        {
            engine.Acknowledge(id);
        }

        return null;
    }

    private static string? PauseAudio(TickEngine engine)
    {
        engine.PauseAudio();
        return null;
    }
}
