using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>A SET_STATE the MCU applied, as saved in a <see cref="McuEmulatorSnapshot"/>.</summary>
public sealed record McuCommandSnapshot
{
    public ushort LinkId { get; init; }

    public uint CmdSeq { get; init; }

    public byte CompressorPct { get; init; }

    public Outputs Outputs { get; init; }

    public CoolingMode Mode { get; init; }

    internal static McuCommandSnapshot From(in SetState command) => new()
    {
        LinkId = command.LinkId,
        CmdSeq = command.CmdSeq,
        CompressorPct = command.CompressorPct,
        Outputs = command.Outputs,
        Mode = command.Mode,
    };

    internal SetState ToSetState() => new(LinkId, CmdSeq, CompressorPct, Outputs, Mode);
}
