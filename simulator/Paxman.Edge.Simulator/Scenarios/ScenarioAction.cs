namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>What a scenario step does (its <c>"do"</c>; README of the simulator, "Scenario runner").</summary>
internal enum ScenarioAction
{
    PowerOn,
    NewSession,
    Precool,
    InfusionStart,
    InfusionEnd,
    Finish,
    Resume,
    Abort,
    Ack,
    AudioPause,
    Cap,
    StopButton,
    Ambient,
    Fault,
    Restart,
    PowerCut,
    BrokerDown,
    BrokerUp,
    ClockStep,
}
