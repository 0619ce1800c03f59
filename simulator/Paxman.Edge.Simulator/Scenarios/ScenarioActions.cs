namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>The names of <see cref="ScenarioAction"/> as scenario files spell them, and which of them a nurse takes.</summary>
internal static class ScenarioActions
{
    private static readonly Dictionary<string, ScenarioAction> ByName = new(StringComparer.Ordinal)
    {
        ["power-on"] = ScenarioAction.PowerOn,
        ["new-session"] = ScenarioAction.NewSession,
        ["precool"] = ScenarioAction.Precool,
        ["infusion-start"] = ScenarioAction.InfusionStart,
        ["infusion-end"] = ScenarioAction.InfusionEnd,
        ["finish"] = ScenarioAction.Finish,
        ["resume"] = ScenarioAction.Resume,
        ["abort"] = ScenarioAction.Abort,
        ["ack"] = ScenarioAction.Ack,
        ["audio-pause"] = ScenarioAction.AudioPause,
        ["cap"] = ScenarioAction.Cap,
        ["stop-button"] = ScenarioAction.StopButton,
        ["ambient"] = ScenarioAction.Ambient,
        ["fault"] = ScenarioAction.Fault,
        ["restart"] = ScenarioAction.Restart,
        ["power-cut"] = ScenarioAction.PowerCut,
        ["broker-down"] = ScenarioAction.BrokerDown,
        ["broker-up"] = ScenarioAction.BrokerUp,
        ["clock-step"] = ScenarioAction.ClockStep,
    };

    /// <summary>Every action name, in the order the simulator's README lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    public static bool TryParse(string? name, out ScenarioAction action) => ByName.TryGetValue(name ?? string.Empty, out action);

    public static string Name(this ScenarioAction action) => ByName.First(pair => pair.Value == action).Key;

    /// <summary>Actions a nurse takes at the touchscreen: they go to the engine and are refused while the host is down.</summary>
    public static bool IsNurseAction(this ScenarioAction action) => action is ScenarioAction.NewSession or ScenarioAction.Precool
        or ScenarioAction.InfusionStart or ScenarioAction.InfusionEnd or ScenarioAction.Finish or ScenarioAction.Resume
        or ScenarioAction.Abort or ScenarioAction.Ack or ScenarioAction.AudioPause;
}
