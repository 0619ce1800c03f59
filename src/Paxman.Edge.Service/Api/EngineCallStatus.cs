namespace Paxman.Edge.Service.Api;

/// <summary>How a request handed to the engine's thread came back (see <see cref="EngineCall{T}"/>).</summary>
internal enum EngineCallStatus
{
    /// <summary>It ran, and everything it journaled is durable.</summary>
    Durable,

    /// <summary>It ran (its effect on the unit has happened), but the journal cannot write, so it is not durably recorded.</summary>
    JournalCannotWrite,

    /// <summary>No answer in time: the engine may be stopping; it may or may not have run.</summary>
    NoAnswer,
}
