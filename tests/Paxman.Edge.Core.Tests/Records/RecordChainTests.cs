using System.Security.Cryptography;
using System.Text;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Tests.Records;

public sealed class RecordChainTests
{
    // printf %s "$(RecordJsonTests.CompletedWithGenesisText)" | sha256sum
    private const string CompletedWithGenesisHash = "0f0a6def17f5904ed538c372a76ba8ca1405bf0281d0ad5cd192bc760cac286f";

    private static readonly Dictionary<string, Func<SessionRecord, SessionRecord>> Changes = new()
    {
        ["sessionId"] = r => r with { SessionId = r.SessionId + "0" },
        ["unitId"] = r => r with { UnitId = "PX-SIM-0002" },
        ["channel"] = r => r with { Channel = "B" },
        ["patientRef"] = r => r with { PatientRef = "hmac:0123456789abcdef0123456789abcdee" },
        ["operatorId"] = r => r with { OperatorId = "nurse-18" },
        ["regimen"] = r => r with { Regimen = "paclitaxel" },
        ["thickHair"] = r => r with { ThickHair = !r.ThickHair },
        ["initialFitting"] = r => r with { InitialFitting = !r.InitialFitting },
        ["simulated"] = r => r with { Simulated = !r.Simulated },
        ["outcome"] = r => r with { Outcome = "finished-early" },
        ["abortReason"] = r => r with { AbortReason = "patient-request" },
        ["startedAt"] = r => r with { StartedAt = r.StartedAt.AddMilliseconds(1) },
        ["endedAt"] = r => r with { EndedAt = r.EndedAt!.Value.AddMilliseconds(-1) },
        ["prescribed"] = r => r with { Prescribed = r.Prescribed with { PostcoolSeconds = r.Prescribed.PostcoolSeconds + 1 } },
        ["regimenDefault"] = r => r with { RegimenDefault = r.RegimenDefault with { PrecoolSeconds = 1 } },
        ["overrideReason"] = r => r with { OverrideReason = "thick hair" },
        ["phases.seconds"] = r => r with { Phases = [r.Phases[0] with { Seconds = r.Phases[0].Seconds + 1 }, .. r.Phases.Skip(1)] },
        ["phases.interruptedSeconds"] = r => r with { Phases = [.. r.Phases.SkipLast(1), r.Phases[^1] with { InterruptedSeconds = 1 }] },
        ["phases.order"] = r => r with { Phases = [.. r.Phases.Reverse()] },
        ["billableSeconds.postcool"] = r => r with { BillableSeconds = r.BillableSeconds with { Postcool = r.BillableSeconds.Postcool + 1 } },
        ["interruptions.removed"] = r => r with { Interruptions = [] },
        ["interruptions.cause"] = r => r with { Interruptions = [r.Interruptions[0] with { Cause = "flow-loss" }] },
        ["coolant.meanC"] = r => r with { Coolant = r.Coolant! with { MeanC = -4.01 } },
        ["coolant.null"] = r => r with { Coolant = null },
        ["alarms"] = r => r with { Alarms = [.. r.Alarms, "flow-loss"] },
        ["billing.units"] = r => r with { Billing = [.. r.Billing, new BillingLine("97009", 1)] },
        ["billingRule"] = r => r with { BillingRule = "cpt-2026/midpoint" },
        ["prevHash"] = r => r with { PrevHash = "1" + r.PrevHash![1..] },
        ["hash"] = r => r with { Hash = "0" + r.Hash![1..] == r.Hash ? "1" + r.Hash[1..] : "0" + r.Hash[1..] },
    };

    public static TheoryData<string> ChangedFields => [.. Changes.Keys];

    [Fact]
    public void Seal_CompletedRecord_HashesTheCanonicalTextWithoutHash()
    {
        var sealedRecord = RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis);

        Assert.Equal(RecordChain.Genesis, sealedRecord.PrevHash);
        Assert.Equal(CompletedWithGenesisHash, sealedRecord.Hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RecordJsonTests.CompletedWithGenesisText))), sealedRecord.Hash);
        Assert.Equal(RecordJsonTests.CompletedWithGenesisText, RecordJson.ToText(sealedRecord with { Hash = null }));
        Assert.Equal(
            RecordJsonTests.CompletedWithGenesisText.Replace(",\"initialFitting\"", $",\"hash\":\"{CompletedWithGenesisHash}\",\"initialFitting\"", StringComparison.Ordinal),
            RecordJson.ToText(sealedRecord));
    }

    [Fact]
    public void Seal_CompletedRecord_Verifies()
    {
        var published = RecordJson.ToText(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis));

        Assert.True(RecordChain.Verify(published, RecordChain.Genesis, out var problem), problem);
        Assert.Empty(problem);
        Assert.Equal(CompletedWithGenesisHash, RecordChain.ComputeHash(published));
    }

    [Fact]
    public void ComputeHash_PublishedRecord_IgnoresOnlyTheHashMember()
    {
        var sealedRecord = RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis);

        Assert.Equal(sealedRecord.Hash, RecordChain.ComputeHash(RecordJson.ToText(sealedRecord)));
        Assert.Equal(sealedRecord.Hash, RecordChain.ComputeHash(RecordJson.ToText(sealedRecord with { Hash = null })));
        Assert.NotEqual(sealedRecord.Hash, RecordChain.ComputeHash(RecordJson.ToText(sealedRecord with { Channel = "B" })));
    }

    [Theory]
    [MemberData(nameof(ChangedFields))]
    public void Verify_AnySingleFieldChangedAfterSealing_Fails(string field)
    {
        var sealedRecord = RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis);
        var changed = Changes[field](sealedRecord);
        Assert.NotEqual(RecordJson.ToText(sealedRecord), RecordJson.ToText(changed));

        Assert.False(RecordChain.Verify(RecordJson.ToText(changed), RecordChain.Genesis, out var problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void Verify_EveryCharacterFlipped_Fails()
    {
        var published = RecordJson.ToText(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis));
        var passed = new List<int>();

        for (var i = 0; i < published.Length; i++)
        {
            foreach (var flip in new[] { 1, 2, 0x20 })
            {
                var chars = published.ToCharArray();
                chars[i] = (char)(chars[i] ^ flip);
                if (RecordChain.Verify(new string(chars), RecordChain.Genesis, out _))
                {
                    passed.Add(i);
                }
            }
        }

        Assert.Empty(passed);
    }

    [Theory]
    [InlineData("leading space")]
    [InlineData("trailing newline")]
    [InlineData("space after colon")]
    [InlineData("escaped letter")]
    [InlineData("members reordered")]
    public void Verify_SameValueWrittenAnotherWay_FailsAsNotCanonical(string how)
    {
        var published = RecordJson.ToText(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis));
        var altered = how switch
        {
            "leading space" => " " + published,
            "trailing newline" => published + "\n",
            "space after colon" => published.Replace("\"channel\":", "\"channel\": ", StringComparison.Ordinal),
            "escaped letter" => published.Replace("\"channel\":\"A\"", "\"channel\":\"\\u0041\"", StringComparison.Ordinal),
            _ => published.Replace("\"abortReason\":null,\"alarms\":[\"cap-disconnected\"]", "\"alarms\":[\"cap-disconnected\"],\"abortReason\":null", StringComparison.Ordinal),
        };
        Assert.NotEqual(published, altered);
        Assert.Equal(RecordChain.ComputeHash(published), RecordChain.ComputeHash(altered));

        Assert.False(RecordChain.Verify(altered, RecordChain.Genesis, out var problem));
        Assert.Contains("canonical", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RecordChainedElsewhere_FailsNamingPrevHash()
    {
        var other = new string('a', 64);
        var published = RecordJson.ToText(RecordChain.Seal(RecordSamples.Completed(), other));

        Assert.True(RecordChain.Verify(published, other, out _));
        Assert.False(RecordChain.Verify(published, RecordChain.Genesis, out var problem));
        Assert.Contains("prevHash", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{\"a\":1,\"a\":1}", "not valid JSON")]
    [InlineData("{\"a\":\"\\ud800\"}", "no canonical form")]
    [InlineData("{\"a\":1e999}", "no canonical form")]
    [InlineData("{\"prevHash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}", "no hash")]
    public void Verify_NotASealedRecord_FailsSayingWhy(string published, string expected)
    {
        Assert.False(RecordChain.Verify(published, RecordChain.Genesis, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashedButMalformedRecord_Fails()
    {
        // A well-chained, correctly hashed object that is not a session record.
        const string body = "{\"prevHash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var published = "{\"hash\":\"" + hash + "\"," + body[1..];

        Assert.False(RecordChain.Verify(published, RecordChain.Genesis, out var problem));
        Assert.Contains("not a well-formed record", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_ThreeRecordsFromGenesis_LinkIntoAChain()
    {
        var published = new List<string>();
        var head = RecordChain.Genesis;
        foreach (var id in new[] { "s-1", "s-2", "s-3" })
        {
            var sealedRecord = RecordChain.Seal(RecordSamples.Completed(id), head);
            Assert.Equal(head, sealedRecord.PrevHash);
            published.Add(RecordJson.ToText(sealedRecord));
            head = sealedRecord.Hash!;
        }

        Assert.True(RecordChain.VerifyChain(published, RecordChain.Genesis, out var problem), problem);
        Assert.True(RecordChain.VerifyChain(published.Skip(1), RecordChain.ComputeHash(published[0]), out problem), problem);
        Assert.False(RecordChain.VerifyChain([published[0], published[2]], RecordChain.Genesis, out problem));
        Assert.StartsWith("Record 1:", problem, StringComparison.Ordinal);
        Assert.False(RecordChain.VerifyChain([published[1], published[0], published[2]], RecordChain.Genesis, out problem));
        Assert.StartsWith("Record 0:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_RunningRecord_IsRefused() =>
        Assert.Throws<ArgumentException>(() => RecordChain.Seal(RecordSamples.Running(), RecordChain.Genesis));

    [Fact]
    public void Seal_AlreadySealedRecord_IsRefused() =>
        Assert.Throws<ArgumentException>(() => RecordChain.Seal(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis), RecordChain.Genesis));

    [Theory]
    [InlineData("")]
    [InlineData("000")]
    [InlineData("0F0A6DEF17F5904ED538C372A76BA8CA1405BF0281D0AD5CD192BC760CAC286F")]
    [InlineData("0f0a6def17f5904ed538c372a76ba8ca1405bf0281d0ad5cd192bc760cac286g")]
    public void Seal_PrevHashNotLowercaseHex_IsRefused(string prevHash)
    {
        Assert.Throws<ArgumentException>(() => RecordChain.Seal(RecordSamples.Completed(), prevHash));
        Assert.False(RecordChain.IsHash(prevHash));
    }
}
