using System.Buffers;

namespace Paxman.Edge.Protocol.Tests.Framing;

public sealed class CobsTests
{
    [Theory]
    [InlineData("00", "0101")]
    [InlineData("0000", "010101")]
    [InlineData("11220033", "03112202 33")]
    [InlineData("11223344", "0511223344")]
    [InlineData("11000000", "02110101 01")]
    public void Encode_PaperExamples_GiveTheKnownBytes(string raw, string encoded)
    {
        byte[] input = Convert.FromHexString(raw);
        var output = new byte[Cobs.GetMaxEncodedLength(input.Length)];

        int n = Cobs.Encode(input, output);

        Assert.Equal(encoded.Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(output, 0, n).ToLowerInvariant());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(253)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(508)]
    [InlineData(560)]
    public void EncodeDecode_RandomAndZeroFreeData_RoundTrips(int length)
    {
        var random = new Random(length + 1);
        foreach (bool zeros in new[] { true, false })
        {
            var input = new byte[length];
            random.NextBytes(input);
            if (!zeros)
            {
                for (int i = 0; i < input.Length; i++)
                {
                    input[i] = (byte)(input[i] | 1);
                }
            }

            var encoded = new byte[Cobs.GetMaxEncodedLength(length)];
            int n = Cobs.Encode(input, encoded);
            var decoded = new byte[length];

            Assert.DoesNotContain((byte)0, encoded[..n]);
            Assert.Equal(OperationStatus.Done, Cobs.Decode(encoded.AsSpan(0, n), decoded, out int written));
            Assert.Equal(input, decoded[..written]);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("05023400")]
    [InlineData("0502")]
    [InlineData("00")]
    public void Decode_InvalidInput_IsInvalidData(string hex)
    {
        var output = new byte[64];

        Assert.Equal(OperationStatus.InvalidData, Cobs.Decode(Convert.FromHexString(hex), output, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Decode_OutputLongerThanDestination_IsDestinationTooSmall()
    {
        Assert.Equal(OperationStatus.DestinationTooSmall, Cobs.Decode([0x01, 0x01, 0x01], new byte[1], out _));
    }
}
