using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Framing;

/// <summary>
/// Seeded random corruption of golden frames, as firmware-protocol/c/tests/test_fuzz.c: 1 to 8 bytes
/// changed, inserted or dropped anywhere in the wire frame, delimiter included. The streaming decoder
/// must never accept anything but the original frame, never throw, and still find a good frame after it.
/// </summary>
public sealed class FuzzTests
{
    private const int Mutations = 1_000_000;
    private const int Chunks = 16; // each chunk has its own seed, so the run is reproducible in parallel
    private const int Seed = 1;

    [Fact]
    public void TryDecode_MillionMutatedFrames_AcceptsNoneAndFindsTheFollowingGoodFrame()
    {
        IReadOnlyList<VectorLine> frames = VectorFile.Valid;
        var results = new ChunkResult[Chunks];

        Parallel.For(0, Chunks, chunk => results[chunk] = RunChunk(frames, Seed + chunk, Mutations / Chunks));

        long mutated = results.Sum(r => r.Mutated);
        long unchanged = results.Sum(r => r.Unchanged);
        long followersFound = results.Sum(r => r.FollowersFound);
        long followersSent = results.Sum(r => r.FollowersSent);
        List<string> failures = results.SelectMany(r => r.Failures).ToList();

        Assert.True(failures.Count == 0, $"{failures.Count} mutated frames accepted, e.g. {string.Join("; ", failures.Take(5))}");
        Assert.Equal(Mutations, mutated + unchanged);
        Assert.True(mutated > 990_000, $"only {mutated} real mutations");
        Assert.Equal(followersSent, followersFound);
        Assert.True(followersSent > 400_000);
    }

    [Fact]
    public void TryDecode_RandomNoise_YieldsNoFrame()
    {
        var random = new Random(Seed);
        var noise = new byte[1_000_000];
        random.NextBytes(noise);
        for (int i = 0; i < noise.Length; i += random.Next(1, 80))
        {
            noise[i] = 0; // many short candidate frames
        }

        var decoder = new FrameDecoder(FrameDirection.Any);
        ReadOnlySpan<byte> input = noise;
        int accepted = 0;
        while (!input.IsEmpty)
        {
            if (decoder.TryDecode(ref input, out _))
            {
                accepted++;
            }
        }

        Assert.Equal(0, accepted);
        Assert.True(decoder.FramesRejected > 10_000);
    }

    private static ChunkResult RunChunk(IReadOnlyList<VectorLine> frames, int seed, int count)
    {
        var random = new Random(seed);
        var decoder = new FrameDecoder(FrameDirection.Any);
        var result = new ChunkResult();
        var buffer = new List<byte>(128);
        for (int i = 0; i < count; i++)
        {
            VectorLine original = frames[random.Next(frames.Count)];
            buffer.Clear();
            buffer.AddRange(original.Wire);
            int operations = random.Next(1, 9);
            for (int op = 0; op < operations; op++)
            {
                Mutate(buffer, random);
            }

            byte[] mutated = [.. buffer];
            if (mutated.AsSpan().SequenceEqual(original.Wire))
            {
                result.Unchanged++; // e.g. an insert undone by a drop: not a corruption
                continue;
            }

            result.Mutated++;

            // A 0x00 before, so that no earlier state leaks in; then the mutated bytes, then sometimes the
            // sender's extra 0x00 (protocol.md allows one at any time) and a good frame.
            VectorLine? follower = random.Next(2) == 0 ? frames[random.Next(frames.Count)] : null;
            byte[] originalRaw = BitErrors.RawOf(original.Wire);
            Feed(decoder, [0x00], originalRaw, null, result, original.Name, i, seed);
            Feed(decoder, mutated, originalRaw, null, result, original.Name, i, seed);
            if (follower is null)
            {
                Feed(decoder, [0x00], originalRaw, null, result, original.Name, i, seed);
            }
            else
            {
                result.FollowersSent++;
                byte[] tail = [0x00, .. follower.Wire];
                Feed(decoder, tail, originalRaw, BitErrors.RawOf(follower.Wire), result, original.Name, i, seed);
            }
        }

        return result;
    }

    // Feeds bytes; every frame that comes out must be the original (delivered intact) or, at the very
    // end of a tail, the follower.
    private static void Feed(FrameDecoder decoder, byte[] bytes, byte[] originalRaw, byte[]? followerRaw, ChunkResult result, string name, int index, int seed)
    {
        ReadOnlySpan<byte> input = bytes;
        while (decoder.TryDecode(ref input, out DecodedFrame frame))
        {
            if (followerRaw is not null && input.IsEmpty && Same(frame, followerRaw))
            {
                result.FollowersFound++;
            }
            else if (!Same(frame, originalRaw))
            {
                result.Failures.Add($"seed {seed} mutation {index} of {name} accepted as type 0x{(byte)frame.Type:x2}");
            }
        }
    }

    private static bool Same(DecodedFrame frame, byte[] raw) =>
        (byte)frame.Type == raw[0] && frame.Payload.SequenceEqual(raw.AsSpan(1, raw.Length - ProtocolConstants.MinRawFrame));

    // One change, insertion or deletion of a random byte (as test_fuzz.c).
    private static void Mutate(List<byte> w, Random random)
    {
        int op = random.Next(3);
        if (op == 0 && w.Count > 0)
        {
            int pos = random.Next(w.Count);
            w[pos] = (byte)(w[pos] ^ random.Next(1, 256));
        }
        else if (op == 1)
        {
            w.Insert(random.Next(w.Count + 1), (byte)random.Next(256));
        }
        else if (w.Count > 1)
        {
            w.RemoveAt(random.Next(w.Count));
        }
    }

    private sealed class ChunkResult
    {
        public long Mutated { get; set; }

        public long Unchanged { get; set; }

        public long FollowersSent { get; set; }

        public long FollowersFound { get; set; }

        public List<string> Failures { get; } = [];
    }
}
