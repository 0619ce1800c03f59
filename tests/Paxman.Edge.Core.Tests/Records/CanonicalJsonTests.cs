using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Tests.Records;

public sealed class CanonicalJsonTests
{
    // RFC 8785 section 3.2.3, the sorting example: keys sort by UTF-16 code units, so the emoji (D83D DE00) sorts
    // before U+FB33 although its code point is higher.
    [Fact]
    public void Serialize_Rfc8785SortingExample_SortsKeysByUtf16CodeUnits()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var output = CanonicalJson.Serialize(JsonNode.Parse(input));

        Assert.Equal(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
            + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            output);
    }

    // RFC 8785 section 3.2.2's example input and its canonical output, with the output's UTF-8 bytes as section 3.2.4 prints them.
    [Fact]
    public void SerializeToUtf8_Rfc8785Example_GivesThePrintedBytes()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expectedHex = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
            75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
            5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
            65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
            5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
            30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
            """;

        var node = JsonNode.Parse(input);

        Assert.Equal(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
            CanonicalJson.Serialize(node));
        Assert.Equal(expectedHex.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), Convert.ToHexStringLower(CanonicalJson.SerializeToUtf8(node)));
    }

    // RFC 8785 section 3.2.2.2: only '"', '\' and U+0000..U+001F are escaped; the five with short forms use them,
    // the rest \u00XX in lowercase hex. Everything else, DEL, U+2028 and '/' included, is written as it is.
    [Theory]
    [InlineData("\b", "\"\\b\"")]
    [InlineData("\t", "\"\\t\"")]
    [InlineData("\n", "\"\\n\"")]
    [InlineData("\f", "\"\\f\"")]
    [InlineData("\r", "\"\\r\"")]
    [InlineData("\"", "\"\\\"\"")]
    [InlineData("\\", "\"\\\\\"")]
    [InlineData("\u0000", "\"\\u0000\"")]
    [InlineData("\u0001", "\"\\u0001\"")]
    [InlineData("\u000b", "\"\\u000b\"")]
    [InlineData("\u001f", "\"\\u001f\"")]
    [InlineData("\u007f", "\"\u007f\"")]
    [InlineData("/", "\"/\"")]
    [InlineData("\u2028", "\"\u2028\"")]
    [InlineData("<&'>", "\"<&'>\"")]
    [InlineData("a\u0019b\u001ac", "\"a\\u0019b\\u001ac\"")]
    [InlineData("\ud83d\ude00", "\"\ud83d\ude00\"")]
    [InlineData("", "\"\"")]
    public void Serialize_String_EscapesOnlyWhatRfc8785Requires(string value, string expected) =>
        Assert.Equal(expected, CanonicalJson.Serialize(JsonValue.Create(value)));

    // Built from code units at run time: a lone surrogate in an attribute's string would be stored as U+FFFD.
    [Theory]
    [InlineData(new[] { 0xd800 })]
    [InlineData(new[] { 'a', 0xdc00, 'b' })]
    [InlineData(new[] { 0xde00, 0xd83d })]
    [InlineData(new[] { 0xd83d, 0xde00, 0xd83d })]
    public void Serialize_LoneSurrogate_IsRefused(int[] codeUnits)
    {
        var value = new string([.. codeUnits.Select(c => (char)c)]);

        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create(value)));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new JsonObject { [value] = 1 }));
    }

    [Theory]
    [InlineData("[\"\\ud800\"]")]
    [InlineData("{\"a\\udc00\":1}")]
    [InlineData("[1e400]")]
    [InlineData("[-1e400]")]
    public void Canonicalize_TextWithNoCanonicalForm_IsRefused(string json) =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Canonicalize(json));

    [Fact]
    public void Canonicalize_IntegerBeyondDoublePrecision_IsWrittenAsTheNearestDouble() =>
        Assert.Equal("[1.2345678901234568e+29,9007199254740992,0,100]", CanonicalJson.Canonicalize("[123456789012345678901234567890, 9007199254740993, -0.0, 1E2]"));

    // RFC 8785 Appendix B: IEEE 754 bit patterns and the text ECMAScript writes for them.
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void FormatNumber_Rfc8785AppendixB_MatchesEcmaScript(string ieeeHex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
        Assert.Equal(expected, CanonicalJson.Serialize(JsonValue.Create(value)));
    }

    // Random doubles as node (V8) writes them with String(x); 250,000 such were compared once while writing this.
    [Theory]
    [InlineData("2f02220d3c956eee", "2.986903561037255e-82")]
    [InlineData("67d4910089165799", "1.466141320521811e+192")]
    [InlineData("40925e3d70a3d70a", "1175.56")]
    [InlineData("c30dc08f5182d500", "-1046812013124256")]
    [InlineData("45e0ad43e7e2631d", "4.1289799999999995e+28")]
    [InlineData("45adad7d0db136d7", "4.5924e+27")]
    [InlineData("ddbccb9685703c8e", "-3.5113897812103216e+143")]
    [InlineData("3ca18c26af97b1a7", "1.2176e-16")]
    [InlineData("4308a722d2cbc020", "867395931043844")]
    public void FormatNumber_RandomDoubles_MatchV8(string ieeeHex, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatNumber(BitConverter.Int64BitsToDouble(long.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));

    // The values a record holds, and where ECMAScript switches to and from exponents (n = 21 and n = -6).
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(1800.0, "1800")]
    [InlineData(-4.0, "-4")]
    [InlineData(-4.6, "-4.6")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.01, "-0.01")]
    [InlineData(12.34, "12.34")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.5e-6, "0.0000015")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-1.25e-7, "-1.25e-7")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void FormatNumber_BoundariesOfTheEcmaScriptForms_AreExact(double value, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatNumber(value));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Serialize_NonFiniteNumber_IsRefused(double value) =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create(value)));

    [Fact]
    public void Serialize_NumbersHeldAsAnyClrType_AreWrittenAsTheirDouble()
    {
        var node = new JsonArray(JsonValue.Create(7), JsonValue.Create(7L), JsonValue.Create(7.0), JsonValue.Create(7m), JsonValue.Create(7.50m), JsonValue.Create((byte)7), JsonValue.Create(7u));

        Assert.Equal("[7,7,7,7,7.5,7,7]", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Serialize_NullNodeAndJsonNullMembers_AreWrittenAsNull()
    {
        Assert.Equal("null", CanonicalJson.Serialize(null));
        Assert.Equal("{\"a\":null,\"b\":[null]}", CanonicalJson.Serialize(new JsonObject { ["b"] = new JsonArray((JsonNode?)null), ["a"] = null }));
    }

    [Fact]
    public void Canonicalize_DuplicateMemberNames_AreRefused() =>
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.Canonicalize("{\"a\":1,\"a\":2}"));

    [Fact]
    public void Serialize_AnyJsonValue_ParsesBackToAnEqualValue() =>
        Json.Sample(node =>
        {
            var text = CanonicalJson.Serialize(node);
            Assert.True(Equivalent(node, JsonNode.Parse(text)), text);
        });

    [Fact]
    public void Serialize_AnyJsonValue_IsIdempotent() =>
        Json.Sample(node =>
        {
            var text = CanonicalJson.Serialize(node);
            Assert.Equal(text, CanonicalJson.Canonicalize(text));
        });

    [Fact]
    public void Serialize_AnyJsonValue_HasNoWhitespaceOrRawControlCharacters() =>
        Json.Sample(node =>
        {
            var text = CanonicalJson.Serialize(node);
            var inString = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                Assert.False(c < 0x20, $"raw U+{(int)c:X4} at {i} in {text}");
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else
                {
                    Assert.False(c == ' ', $"space at {i} in {text}");
                    inString = c == '"';
                }
            }

            Assert.False(inString, text);
        });

    [Fact]
    public void FormatNumber_AnyFiniteDouble_RoundTripsExactly() =>
        Gen.Double.Where(double.IsFinite).Sample(value =>
        {
            var text = CanonicalJson.FormatNumber(value);
            var back = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(value == 0 ? 0 : value, back);
        }, iter: 10_000);

    // Strings: printable ASCII, controls, the escaped characters, non-ASCII and surrogate pairs.
    private static readonly Gen<string> Strings = Gen.OneOf(
            Gen.Char['\0', '\u007f'].Select(c => c.ToString()),
            Gen.Char['\u0080', '\ud7ff'].Select(c => c.ToString()),
            Gen.OneOf<string>("\"", "\\", "\ud83d\ude00", "\ufb33"))
        .Array[0, 8]
        .Select(parts => string.Concat(parts));

    private static readonly Gen<JsonNode?> Values = Gen.OneOf<JsonNode?>(
        Gen.Const(() => (JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Long[-9_007_199_254_740_992, 9_007_199_254_740_992].Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Int[-100_000, 100_000].Select(n => (JsonNode?)JsonValue.Create(n / 100.0)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Strings.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static readonly Gen<JsonNode?> Json = Gen.Recursive<JsonNode?>((depth, self) => depth >= 4
        ? Values
        : Gen.OneOf(
            Values,
            self.Array[0, 5].Select(items => (JsonNode?)new JsonArray(items)),
            Gen.Dictionary(Strings, self)[0, 5].Select(members => (JsonNode?)new JsonObject(members))));

    private static bool Equivalent(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(m => y.TryGetPropertyValue(m.Key, out var v) && Equivalent(m.Value, v)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Equivalent(p.First, p.Second)),
        (JsonValue x, JsonValue y) => x.GetValueKind() == y.GetValueKind() && x.GetValueKind() switch
        {
            JsonValueKind.Number => NumberOf(x) == NumberOf(y),
            JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
            _ => true,
        },
        _ => false,
    };

    private static double NumberOf(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
