using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Text;

/// <summary>The canonical text (test-vectors/README.md, "Format") and its strict parser, against pxcodec's reasons.</summary>
public sealed class MessageTextTests
{
    public static TheoryData<string, string> BadLines() => new()
    {
        { "", "empty" },
        { "NOPE link_id=1", "unknown-type NOPE" },
        { "HELLO host_proto_version=1 link_id=1", "missing-field request_id" },
        { "HELLO host_proto_version=1 link_id=1 request_id=1 link_id=2", "duplicate-field link_id" },
        { "HELLO host_proto_version=1 link_id=1 request_id=1 colour=red", "unknown-field colour" },
        { "HELLO host_proto_version=1 link_id=01 request_id=1", "bad-number link_id" },
        { "HELLO host_proto_version=1 link_id=+1 request_id=1", "bad-number link_id" },
        { "HELLO host_proto_version=1 link_id= request_id=1", "bad-number link_id" },
        { "HELLO host_proto_version=1 link_id=1 request_id", "bad-token request_id" },
        { "HELLO host_proto_version=1 link_id=65536 request_id=1", "out-of-range link_id" },
        { "HELLO host_proto_version=1 link_id=0 request_id=1", "out-of-range link_id" },
        { "HELLO host_proto_version=-1 link_id=1 request_id=1", "out-of-range host_proto_version" },
        { "SET_STATE link_id=1 cmd_seq=1 compressor_pct=101 outputs=0 mode=0", "out-of-range compressor_pct" },
        { "SET_STATE link_id=1 cmd_seq=99999999999999999999 compressor_pct=1 outputs=0 mode=0", "out-of-range cmd_seq" },
        { "STATUS status_seq=0 uptime_ms=0 link_id=0 last_applied_cmd_seq=0 supply_cc=-0 return_cc=0 return_a_cc=0 return_b_cc=0 flow_a_clpm=0 flow_b_clpm=0 reservoir=0 compressor_actual_pct=0 outputs=0 active=0 latched=0", "bad-number supply_cc" },
        { "STATUS status_seq=0 uptime_ms=0 link_id=0 last_applied_cmd_seq=0 supply_cc=-32769 return_cc=0 return_a_cc=0 return_b_cc=0 flow_a_clpm=0 flow_b_clpm=0 reservoir=0 compressor_actual_pct=0 outputs=0 active=0 latched=0", "out-of-range supply_cc" },
        { "HELLO_ACK mcu_proto_version=1 link_id=1 request_id=1 fw_major=1 fw_minor=2 fw_patch=3 capabilities=7 serial=ABCDEFGHIJKLM reset_reason=0 max_duration_ms=2000 latched=0", "out-of-range serial" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void TryParse_BadLine_FailsWithPxcodecsReason(string line, string reason)
    {
        Assert.False(MessageText.TryParse(line, out byte[] wire, out string? error));

        Assert.Equal(reason, error);
        Assert.Empty(wire);
    }

    [Fact]
    public async Task TryParse_BadLines_SameReasonsAsTheCTool()
    {
        // The empty line is left out: pxcodec copies blank lines through.
        string[] lines = BadLines().Select(row => row.Data.Item1).Where(l => l.Length > 0).ToArray();

        string[] fromC = await PxCodecTool.RunAsync("encode", lines, TestContext.Current.CancellationToken);

        for (int i = 0; i < lines.Length; i++)
        {
            Assert.False(MessageText.TryParse(lines[i], out _, out string? error));
            Assert.Equal(fromC[i], "ERROR " + error);
        }
    }

    [Fact]
    public void TryParse_FieldsInAnyOrderAndExtraSpaces_GivesTheCanonicalFrame()
    {
        Assert.True(MessageText.TryParse("  SET_STATE   mode=1 outputs=11\tcompressor_pct=65 cmd_seq=1000 link_id=4660 ", out byte[] wire, out string? error), error);

        Assert.Equal("06023412e8030108410b01b78b4cf900", Convert.ToHexStringLower(wire));
    }

    [Fact]
    public void Format_HelloAckWithFullSerial_PrintsAllTwelveCharacters()
    {
        var message = new HelloAck(1, 2, 3, 4, 5, 6, Capabilities.None, "ABCDEFGHIJKL", ResetReason.Software, 500, McuFaults.BrownOut);

        Assert.Equal(
            "HELLO_ACK mcu_proto_version=1 link_id=2 request_id=3 fw_major=4 fw_minor=5 fw_patch=6 capabilities=0 serial=ABCDEFGHIJKL reset_reason=4 max_duration_ms=500 latched=128",
            MessageText.Format(in message));
    }

    [Fact]
    public void TryFormatWire_WithoutDelimiter_SameTextAsWith()
    {
        VectorLine vector = VectorFile.ValidNamed("status_extremes");

        Assert.True(MessageText.TryFormatWire(vector.Wire.AsSpan(0, vector.Wire.Length - 1), out string text, out _));
        Assert.Equal(vector.Text, text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0301010034120105c62eb78900")]
    [InlineData("0301010434120105c62eb7890000")]
    public void TryFormatWire_NotExactlyOneFrame_FailsWithFraming(string hex)
    {
        Assert.False(MessageText.TryFormatWire(Convert.FromHexString(hex), out string text, out string? error));

        Assert.Equal("framing", error);
        Assert.Empty(text);
    }
}
