using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.TestKit;

/// <summary>The pty pair later serial-link tests stand on: bytes written at one end arrive unchanged at the other.</summary>
public sealed class SocatPtyPairTests
{
    [Fact]
    public async Task StartAsync_BothEnds_CarryRawBytesBothWays()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        byte[] frame = [0x00, 0x7E, 0x11, 0x13, 0xFF, 0x0A, 0x0D, 0x03];

        await using var host = new FileStream(pair.HostEnd, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, useAsync: false);
        await using var mcu = new FileStream(pair.McuEnd, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, useAsync: false);

        await host.WriteAsync(frame, TestContext.Current.CancellationToken);
        Assert.Equal(frame, await ReadExactlyAsync(mcu, frame.Length));

        await mcu.WriteAsync(frame.Reverse().ToArray(), TestContext.Current.CancellationToken);
        Assert.Equal(frame.Reverse().ToArray(), await ReadExactlyAsync(host, frame.Length));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // Raw mode: no line discipline may swallow or translate a byte (0x11/0x13 flow control, CR/LF).
        await Task.Run(() => stream.ReadExactly(buffer), timeout.Token);
        return buffer;
    }
}
