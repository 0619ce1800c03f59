namespace Paxman.Edge.Protocol.Tests.Framing;

public sealed class Crc32CheckTests
{
    [Fact]
    public void Compute_Ascii123456789_GivesTheCheckValue()
    {
        Assert.Equal(Crc32Check.CheckValue, Crc32Check.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_HelloBasicTypeAndPayload_MatchesTheHandCheckedValue()
    {
        // test-vectors/README.md, "A frame checked by hand".
        Assert.Equal(0x89B72EC6u, Crc32Check.Compute([0x01, 0x01, 0x00, 0x34, 0x12, 0x01, 0x00]));
    }

    [Fact]
    public void Compute_WholeRawFrameWithCheck_GivesTheResidue()
    {
        byte[] raw = [0x02, 0x34, 0x12, 0xe8, 0x03, 0x00, 0x00, 0x41, 0x0b, 0x01, 0xb7, 0x8b, 0x4c, 0xf9];

        Assert.True(Crc32Check.IsValid(raw));
        Assert.Equal(Crc32Check.Residue, Crc32Check.Compute(raw));
    }
}
