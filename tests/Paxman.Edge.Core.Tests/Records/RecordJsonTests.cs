using System.Text.Json.Nodes;
using CsCheck;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Tests.Records;

public sealed class RecordJsonTests
{
    // Written by hand from the record's shape (README, "Session record"), members in UTF-16 order.
    internal static readonly string CompletedWithGenesisText = """
        {"abortReason":null,"alarms":["cap-disconnected"],"billableSeconds":{"infusion":3600,"postcool":1200,
        "precool":1800},"billing":[{"code":"97007","units":1},{"code":"97008","units":1}],
        "billingRule":"cpt-2026/full-30-minute-increments","channel":"A","coolant":{"maxC":-3.5,"meanC":-4,
        "minC":-4.6},"endedAt":"2026-01-05T14:55:00.000Z","initialFitting":true,
        "interruptions":[{"cause":"cap-disconnected","endedAt":"2026-01-05T14:05:00.000Z","seconds":300,
        "startedAt":"2026-01-05T14:00:00.000Z"}],"operatorId":"nurse-17","outcome":"completed","overrideReason":null,
        "patientRef":"hmac:0123456789abcdef0123456789abcdef","phases":[{"endedAt":"2026-01-05T13:30:00.000Z",
        "interruptedSeconds":0,"phase":"precool","seconds":1800,
        "startedAt":"2026-01-05T13:00:00.000Z"},{"endedAt":"2026-01-05T14:35:00.000Z","interruptedSeconds":300,
        "phase":"infusion","seconds":3900,
        "startedAt":"2026-01-05T13:30:00.000Z"},{"endedAt":"2026-01-05T14:55:00.000Z","interruptedSeconds":0,
        "phase":"postcool","seconds":1200,"startedAt":"2026-01-05T14:35:00.000Z"}],
        "prescribed":{"postcoolSeconds":1200,"precoolSeconds":1800},
        "prevHash":"0000000000000000000000000000000000000000000000000000000000000000","regimen":"docetaxel",
        "regimenDefault":{"postcoolSeconds":1200,"precoolSeconds":1800},"schema":"paxman.session/1",
        "sessionId":"3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b","simulated":true,"startedAt":"2026-01-05T13:00:00.000Z",
        "thickHair":false,"unitId":"PX-SIM-0001"}
        """.ReplaceLineEndings(string.Empty);

    [Fact]
    public void ToJsonObject_SealedRecord_HasEveryMemberOfTheShapeInCamelCase()
    {
        var json = RecordJson.ToJsonObject(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis));

        Assert.Equal(
            [
                "schema", "sessionId", "unitId", "channel", "patientRef", "operatorId", "regimen", "thickHair", "initialFitting",
                "simulated", "outcome", "abortReason", "startedAt", "endedAt", "prescribed", "regimenDefault", "overrideReason",
                "phases", "billableSeconds", "interruptions", "coolant", "alarms", "billing", "billingRule", "prevHash", "hash",
            ],
            json.Select(m => m.Key));
        Assert.Equal(["phase", "startedAt", "endedAt", "seconds", "interruptedSeconds"], json["phases"]![0]!.AsObject().Select(m => m.Key));
        Assert.Equal(["startedAt", "endedAt", "seconds", "cause"], json["interruptions"]![0]!.AsObject().Select(m => m.Key));
        Assert.Equal(["precool", "infusion", "postcool"], json["billableSeconds"]!.AsObject().Select(m => m.Key));
        Assert.Equal(["precoolSeconds", "postcoolSeconds"], json["prescribed"]!.AsObject().Select(m => m.Key));
        Assert.Equal(["minC", "meanC", "maxC"], json["coolant"]!.AsObject().Select(m => m.Key));
        Assert.Equal(["code", "units"], json["billing"]![0]!.AsObject().Select(m => m.Key));
    }

    [Fact]
    public void ToText_CompletedRecord_IsTheCanonicalTextOfTheShape() =>
        Assert.Equal(CompletedWithGenesisText, RecordJson.ToText(RecordSamples.Completed() with { PrevHash = RecordChain.Genesis }));

    [Fact]
    public void Parse_RecordOfTheFirstRelease_WithoutClockSynced_ReadsAndGivesBackTheSameText()
    {
        // Records sealed before clockSynced existed: their text, which their hash covers, must survive every later release.
        var record = RecordJson.Parse(CompletedWithGenesisText);

        Assert.Null(record.ClockSynced);
        Assert.Equal(CompletedWithGenesisText, RecordJson.ToText(record));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ToText_ClockSynced_IsWrittenInCanonicalOrderAndReadBack(bool synced)
    {
        var text = RecordJson.ToText(RecordSamples.Completed() with { PrevHash = RecordChain.Genesis, ClockSynced = synced });

        Assert.Contains($"\"channel\":\"A\",\"clockSynced\":{(synced ? "true" : "false")},\"coolant\":", text, StringComparison.Ordinal);
        Assert.Equal(synced, RecordJson.Parse(text).ClockSynced);
        Assert.Equal(text, RecordJson.ToText(RecordJson.Parse(text)));
    }

    [Fact]
    public void ToText_RunningRecord_WritesNullsAndLeavesHashOut()
    {
        var json = JsonNode.Parse(RecordJson.ToText(RecordSamples.Running()))!.AsObject();

        foreach (var member in new[] { "outcome", "abortReason", "endedAt", "overrideReason", "coolant", "prevHash" })
        {
            Assert.True(json.TryGetPropertyValue(member, out var value), member);
            Assert.Null(value);
        }

        Assert.Null(json["phases"]![0]!["endedAt"]);
        Assert.False(json.ContainsKey("hash"));
    }

    [Fact]
    public void ToText_StampsWithOffsetsAndTicks_AreUtcToTheMillisecond()
    {
        var local = new DateTimeOffset(2026, 1, 5, 15, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(9_999);
        var record = RecordSamples.Completed() with { StartedAt = local, EndedAt = local.AddHours(2) };

        var json = JsonNode.Parse(RecordJson.ToText(record))!;

        Assert.Equal("2026-01-05T13:00:00.123Z", json["startedAt"]!.GetValue<string>());
        Assert.Equal("2026-01-05T15:00:00.123Z", json["endedAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(-4.604, "-4.6")]
    [InlineData(-4.0, "-4")]
    [InlineData(-3.999, "-4")]
    [InlineData(-4.125, "-4.13")]
    [InlineData(2.345678, "2.35")]
    [InlineData(-0.001, "0")]
    [InlineData(12.5, "12.5")]
    public void ToText_CoolantTemperatures_AreRoundedToTwoDecimals(double celsius, string expected)
    {
        var text = RecordJson.ToText(RecordSamples.Completed() with { Coolant = new CoolantSummary(celsius, -4, -3) });

        Assert.Contains($"\"minC\":{expected}}}", text, StringComparison.Ordinal);
        Assert.Equal(text, RecordJson.ToText(RecordJson.Parse(text)));
    }

    [Fact]
    public void ToText_SameRecordBuiltTwice_GivesTheSameBytes()
    {
        var first = RecordJson.ToText(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis));
        var second = RecordJson.ToText(RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis));

        Assert.Equal(first, second);
        Assert.Equal(first, RecordJson.ToText(RecordJson.Parse(first)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ToJsonObject_NonFiniteTemperature_IsRefused(double celsius) =>
        Assert.Throws<ArgumentException>(() => RecordJson.ToJsonObject(RecordSamples.Completed() with { Coolant = new CoolantSummary(celsius, -4, -3) }));

    [Fact]
    public void ToJsonObject_IntegerBeyondWhatJsonHoldsExactly_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => RecordJson.ToJsonObject(RecordSamples.Completed() with { BillableSeconds = new BillableSeconds(9_007_199_254_740_993, 0, 0) }));
        Assert.Contains("billableSeconds.precool", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonObject_RequiredStringNull_IsRefusedNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => RecordJson.ToJsonObject(RecordSamples.Completed() with { OperatorId = null! }));
        Assert.Contains("operatorId", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PublishedText_GivesTheRecordBack()
    {
        var sealedRecord = RecordChain.Seal(RecordSamples.Completed(), RecordChain.Genesis);

        var parsed = RecordJson.Parse(RecordJson.ToText(sealedRecord));

        Assert.Equal(sealedRecord with { Phases = [], Interruptions = [], Alarms = [], Billing = [] }, parsed with { Phases = [], Interruptions = [], Alarms = [], Billing = [] });
        Assert.Equal(sealedRecord.Phases, parsed.Phases);
        Assert.Equal(sealedRecord.Interruptions, parsed.Interruptions);
        Assert.Equal(sealedRecord.Alarms, parsed.Alarms);
        Assert.Equal(sealedRecord.Billing, parsed.Billing);
    }

    [Fact]
    public void Parse_RunningRecord_KeepsItsNullsAndNoHash()
    {
        var parsed = RecordJson.Parse(RecordJson.ToText(RecordSamples.Running()));

        Assert.Null(parsed.Outcome);
        Assert.Null(parsed.EndedAt);
        Assert.Null(parsed.Coolant);
        Assert.Null(parsed.PrevHash);
        Assert.Null(parsed.Hash);
        Assert.Null(Assert.Single(parsed.Phases).EndedAt);
    }

    [Fact]
    public void Parse_AnyRecord_RoundTripsToTextExactly() =>
        Records.Sample(record =>
        {
            var text = RecordJson.ToText(record);
            Assert.Equal(text, RecordJson.ToText(RecordJson.Parse(text)));
        }, iter: 500);

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"schema":"paxman.session/1","extra":1}""", "unknown member \"extra\"")]
    [InlineData("""{"schema":"paxman.session/2"}""", "paxman.session/2")]
    [InlineData("""{"schema":"paxman.session/1","schema":"paxman.session/1"}""", "not JSON")]
    [InlineData("""{"schema":"\ud800"}""", "not valid Unicode")]
    [InlineData("""{"\udc00":1}""", "not valid Unicode")]
    public void Parse_NotARecord_IsRefusedSayingWhy(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => RecordJson.Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sessionId", null, "sessionId is missing")]
    [InlineData("outcome", null, "outcome is missing")]
    [InlineData("thickHair", "\"no\"", "thickHair is not true or false")]
    [InlineData("startedAt", "\"2026-01-05T13:00:00Z\"", "startedAt (\"2026-01-05T13:00:00Z\") is not a UTC stamp")]
    [InlineData("startedAt", "\"2026-01-05T13:00:00.000+01:00\"", "is not a UTC stamp")]
    [InlineData("prescribed", "{\"precoolSeconds\":1800}", "prescribed.postcoolSeconds is missing")]
    [InlineData("billableSeconds", "{\"precool\":1.5,\"infusion\":0,\"postcool\":0}", "billableSeconds.precool is not a whole number")]
    [InlineData("phases", "[{}]", "phases[0].phase is missing")]
    [InlineData("phases", "{}", "phases is not a JSON array")]
    [InlineData("alarms", "[1]", "alarms[0] is not a string")]
    [InlineData("billing", "[{\"code\":\"97008\",\"units\":1,\"x\":0}]", "billing[0] has an unknown member \"x\"")]
    [InlineData("coolant", "{\"minC\":\"cold\",\"meanC\":-4,\"maxC\":-3}", "coolant.minC is not a number")]
    [InlineData("hash", "null", "hash is null")]
    public void Parse_BadMember_IsRefusedNamingIt(string member, string? replacement, string expected)
    {
        var json = JsonNode.Parse(RecordJson.ToText(RecordSamples.Completed()))!.AsObject();
        if (replacement is null)
        {
            json.Remove(member);
        }
        else
        {
            json[member] = JsonNode.Parse(replacement);
        }

        var e = Assert.Throws<FormatException>(() => RecordJson.Parse(json.ToJsonString()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static readonly Gen<string> Text = Gen.String[Gen.Char, 0, 12];

    private static readonly Gen<DateTimeOffset> Stamps =
        Gen.Long[0, 4_102_444_800_000].Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms).AddTicks(ms % 10_000));

    private static readonly Gen<long> Seconds = Gen.Long[0, 9_007_199_254_740_992];

    private static readonly Gen<double> Celsius = Gen.Double[-60, 60];

    private static readonly Gen<SessionRecord> Records = Gen.Select(
        Gen.Select(Text, Text, Text, Text, Gen.Bool, Gen.Bool, Text.Null(), Text.Null()),
        Gen.Select(Stamps, Stamps.Nullable(), Gen.Select(Seconds, Seconds), Text.Null(), Gen.Select(Seconds, Seconds, Seconds)),
        Gen.Select(Text, Stamps, Stamps.Nullable(), Seconds, Seconds).Array[0, 4],
        Gen.Select(Stamps, Stamps.Nullable(), Seconds, Text).Array[0, 4],
        Gen.Select(Celsius, Celsius, Celsius).Nullable(),
        Text.Array[0, 3],
        Gen.Select(Text, Gen.Int).Array[0, 3],
        Text.Null(),
        (a, b, phases, interruptions, coolant, alarms, billing, hash) => new SessionRecord
        {
            SessionId = a.Item1,
            UnitId = a.Item2,
            Channel = a.Item3,
            PatientRef = a.Item4,
            OperatorId = a.Item4 + a.Item1,
            Regimen = a.Item2 + a.Item3,
            ThickHair = a.Item5,
            InitialFitting = a.Item6,
            Simulated = a.Item5 ^ a.Item6,
            Outcome = a.Item7,
            AbortReason = a.Item8,
            StartedAt = b.Item1,
            EndedAt = b.Item2,
            Prescribed = new PrescribedTimes(b.Item3.Item1, b.Item3.Item2),
            RegimenDefault = new PrescribedTimes(b.Item3.Item2, b.Item3.Item1),
            OverrideReason = b.Item4,
            Phases = [.. phases.Select(p => new PhaseRecord(p.Item1, p.Item2, p.Item3, p.Item4, p.Item5))],
            BillableSeconds = new BillableSeconds(b.Item5.Item1, b.Item5.Item2, b.Item5.Item3),
            Interruptions = [.. interruptions.Select(i => new InterruptionRecord(i.Item1, i.Item2, i.Item3, i.Item4))],
            Coolant = coolant is { } c ? new CoolantSummary(c.Item1, c.Item2, c.Item3) : null,
            Alarms = alarms,
            Billing = [.. billing.Select(l => new BillingLine(l.Item1, l.Item2))],
            BillingRule = a.Item1,
            PrevHash = hash,
            Hash = hash,
        });
}
