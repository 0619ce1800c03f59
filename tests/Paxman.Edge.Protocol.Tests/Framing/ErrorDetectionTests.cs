using System.Collections.Concurrent;
using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Framing;

/// <summary>
/// protocol.md, "The frame check", and README, "Notes on this stack": every 1-, 2- and 3-bit error and every burst of up
/// to 32 bits must be rejected, on every golden frame, at the wire level (COBS and delimiter
/// included) and at the raw level (type, payload and check, re-COBS-encoded).
/// </summary>
public sealed class ErrorDetectionTests
{
    private const int MaxBurst = 32;
    private const int ExhaustiveBurst = 12;
    private const int RandomPatternsPerBurst = 64;

    private static readonly IReadOnlyList<VectorLine> Frames = VectorFile.Valid;

    private enum Level
    {
        Wire,
        Raw,
    }

    [Fact]
    public void Decode_EveryOneTwoAndThreeBitWireError_IsRejected()
    {
        long tried = CheckUpToThreeBits(Level.Wire);

        Assert.True(tried > 30_000_000, $"only {tried} patterns tried");
    }

    [Fact]
    public void Decode_EveryOneTwoAndThreeBitRawError_IsRejected()
    {
        long tried = CheckUpToThreeBits(Level.Raw);

        Assert.True(tried > 25_000_000, $"only {tried} patterns tried");
    }

    [Fact]
    public void Decode_EveryWireBurstUpTo32Bits_IsRejected()
    {
        long tried = CheckBursts(Level.Wire);

        Assert.True(tried > 10_000_000, $"only {tried} patterns tried");
    }

    [Fact]
    public void Decode_EveryRawBurstUpTo32Bits_IsRejected()
    {
        long tried = CheckBursts(Level.Raw);

        Assert.True(tried > 10_000_000, $"only {tried} patterns tried");
    }

    [Fact]
    public void AnyAccepted_UntouchedGoldenFrame_IsAccepted()
    {
        // The harness can fail: an unchanged frame passes through it.
        var decoder = new FrameDecoder(FrameDirection.Any);
        foreach (VectorLine frame in Frames)
        {
            Assert.True(BitErrors.AnyAccepted(decoder, frame.Wire), frame.Name);
            var wire = new byte[ProtocolConstants.MaxWireFrame];
            int n = BitErrors.WireOfRaw(BitErrors.RawOf(frame.Wire), wire);
            Assert.True(BitErrors.AnyAccepted(decoder, wire.AsSpan(0, n)), frame.Name);
        }
    }

    private static byte[] Subject(VectorLine frame, Level level) => level == Level.Wire ? frame.Wire : BitErrors.RawOf(frame.Wire);

    // One work item per (frame, first flipped bit); each item tries that bit alone, with every later
    // bit, and with every later pair.
    private static long CheckUpToThreeBits(Level level)
    {
        var items = new List<(VectorLine Frame, int First)>();
        foreach (VectorLine frame in Frames)
        {
            int bits = Subject(frame, level).Length * 8;
            items.AddRange(Enumerable.Range(0, bits).Select(i => (frame, i)));
        }

        var failures = new ConcurrentQueue<string>();
        long tried = 0;
        Parallel.ForEach(
            items,
            () => (Decoder: new FrameDecoder(FrameDirection.Any), Tried: 0L),
            (item, _, local) =>
            {
                byte[] data = Subject(item.Frame, level);
                int bits = data.Length * 8;
                var work = (byte[])data.Clone();
                var wire = new byte[ProtocolConstants.MaxWireFrame];
                int i = item.First;
                BitErrors.Flip(work, i);
                if (Accepted(local.Decoder, level, work, wire))
                {
                    failures.Enqueue($"{item.Frame.Name} {level} bit {i}");
                }

                local.Tried++;
                for (int j = i + 1; j < bits; j++)
                {
                    BitErrors.Flip(work, j);
                    if (Accepted(local.Decoder, level, work, wire))
                    {
                        failures.Enqueue($"{item.Frame.Name} {level} bits {i},{j}");
                    }

                    for (int k = j + 1; k < bits; k++)
                    {
                        BitErrors.Flip(work, k);
                        if (Accepted(local.Decoder, level, work, wire))
                        {
                            failures.Enqueue($"{item.Frame.Name} {level} bits {i},{j},{k}");
                        }

                        BitErrors.Flip(work, k);
                    }

                    BitErrors.Flip(work, j);
                    local.Tried += bits - j;
                }

                return local;
            },
            local => Interlocked.Add(ref tried, local.Tried));

        Assert.True(failures.IsEmpty, $"{failures.Count} accepted, e.g. {string.Join("; ", failures.Take(5))}");
        return tried;
    }

    // One work item per (frame, start bit): every burst length that fits from there.
    private static long CheckBursts(Level level)
    {
        var items = new List<(VectorLine Frame, int Position, int FrameIndex)>();
        for (int f = 0; f < Frames.Count; f++)
        {
            int bits = Subject(Frames[f], level).Length * 8;
            for (int p = 0; p < bits; p++)
            {
                items.Add((Frames[f], p, f));
            }
        }

        var failures = new ConcurrentQueue<string>();
        long tried = 0;
        Parallel.ForEach(
            items,
            () => (Decoder: new FrameDecoder(FrameDirection.Any), Tried: 0L),
            (item, _, local) =>
            {
                byte[] data = Subject(item.Frame, level);
                int bits = data.Length * 8;
                var work = new byte[data.Length];
                var wire = new byte[ProtocolConstants.MaxWireFrame];

                // Seeded per item, so a failure reproduces whatever the scheduling.
                var random = new Random((item.FrameIndex * 1000) + item.Position + (level == Level.Raw ? 500_000 : 0));
                for (int length = 1; length <= MaxBurst && item.Position + length <= bits; length++)
                {
                    uint edges = length == 1 ? 1u : 1u | (1u << (length - 1));
                    if (length <= ExhaustiveBurst)
                    {
                        // Every pattern whose first and last bits are set.
                        uint middles = length <= 2 ? 1u : 1u << (length - 2);
                        for (uint m = 0; m < middles; m++)
                        {
                            local.Tried += TryBurst(local.Decoder, level, item.Frame.Name, data, work, wire, item.Position, length, edges | (m << 1), failures);
                        }
                    }
                    else
                    {
                        for (int r = 0; r < RandomPatternsPerBurst; r++)
                        {
                            uint middle = (uint)random.NextInt64(0, 1L << (length - 2));
                            local.Tried += TryBurst(local.Decoder, level, item.Frame.Name, data, work, wire, item.Position, length, edges | (middle << 1), failures);
                        }
                    }
                }

                return local;
            },
            local => Interlocked.Add(ref tried, local.Tried));

        Assert.True(failures.IsEmpty, $"{failures.Count} accepted, e.g. {string.Join("; ", failures.Take(5))}");
        return tried;
    }

    private static int TryBurst(
        FrameDecoder decoder, Level level, string name, byte[] data, byte[] work, byte[] wire, int position, int length, uint pattern, ConcurrentQueue<string> failures)
    {
        data.CopyTo(work, 0);
        BitErrors.ApplyBurst(work, position, length, pattern);
        if (Accepted(decoder, level, work, wire))
        {
            failures.Enqueue($"{name} {level} burst at {position}, {length} bits, 0x{pattern:x}");
        }

        return 1;
    }

    private static bool Accepted(FrameDecoder decoder, Level level, Span<byte> corrupted, Span<byte> wire)
    {
        ReadOnlySpan<byte> sent = corrupted;
        if (level == Level.Raw)
        {
            sent = wire[..BitErrors.WireOfRaw(corrupted, wire)];
        }

        return BitErrors.AnyAccepted(decoder, sent);
    }
}
