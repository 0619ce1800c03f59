using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Framing;

/// <summary>
/// test-vectors/streams.txt: multi-frame streams, padding, garbage, the 65/66-byte boundary and looped-back types,
/// each fed byte by byte to the receiver it names, which yields exactly the frames and rejections listed.
/// </summary>
public sealed class StreamVectorTests
{
    public static TheoryData<string> Names => new(Streams().Select(s => s[0]));

    [Theory]
    [MemberData(nameof(Names))]
    public void The_receiver_yields_the_listed_frames_and_rejections_in_order(string name)
    {
        var stream = Streams().Single(s => s[0] == name);
        var decoder = new FrameDecoder(stream[1] == "mcu" ? FrameDirection.ToMcu : FrameDirection.ToHost);
        var yielded = new List<string>();
        foreach (var b in Convert.FromHexString(stream[2]))
        {
            ReadOnlySpan<byte> one = [b];
            var rejected = decoder.FramesRejected;
            if (decoder.TryDecode(ref one, out var frame))
            {
                var message = AnyMessage.Read(frame.Type, frame.Payload);
                yielded.Add(message is null ? "out-of-range" : AnyMessage.Format(message));
            }
            else if (decoder.FramesRejected > rejected)
            {
                yielded.Add("rejected:" + decoder.LastRejection.ToReasonName());
            }
        }

        Assert.Equal(stream[3].Split(" | "), yielded);
    }

    [Fact]
    public void The_streams_file_has_each_kind_of_case()
    {
        var names = Streams().Select(s => s[0]).ToList();
        Assert.Contains(names, n => n.Contains("back_to_back", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("padding", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("65_bytes", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("66_bytes", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("looped_back_to_mcu", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("looped_back_to_host", StringComparison.Ordinal));
    }

    private static List<string[]> Streams() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "firmware-protocol", "test-vectors", "streams.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();
}
