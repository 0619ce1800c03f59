using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paxman.Edge.Core.Records;

/// <summary>
/// The session record's JSON (README, "Session record"): its members in camelCase, stamps as <see cref="UtcStamp"/>
/// writes them, and the published text, which is the record's RFC 8785 canonical form.
/// </summary>
public static class RecordJson
{
    // Canonical JSON numbers are doubles: integers beyond 2^53 would not survive it exactly.
    private const long MaxExactInteger = 9_007_199_254_740_992;

    private const string StampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly string[] TopLevelMembers =
    [
        "schema", "sessionId", "unitId", "channel", "patientRef", "operatorId", "regimen", "thickHair", "initialFitting",
        "simulated", "outcome", "abortReason", "startedAt", "endedAt", "prescribed", "regimenDefault", "overrideReason",
        "phases", "billableSeconds", "interruptions", "coolant", "alarms", "billing", "billingRule", "clockSynced", "prevHash", "hash",
    ];

    private static readonly string[] PrescribedMembers = ["precoolSeconds", "postcoolSeconds"];
    private static readonly string[] PhaseMembers = ["phase", "startedAt", "endedAt", "seconds", "interruptedSeconds"];
    private static readonly string[] BillableMembers = ["precool", "infusion", "postcool"];
    private static readonly string[] InterruptionMembers = ["startedAt", "endedAt", "seconds", "cause"];
    private static readonly string[] CoolantMembers = ["minC", "meanC", "maxC"];
    private static readonly string[] BillingLineMembers = ["code", "units"];

    /// <summary>
    /// The record as a JSON object. Null values are written as JSON null, except <c>hash</c>, which is left out while
    /// null (the form the hash is computed over). Coolant temperatures are rounded to 2 decimals.
    /// </summary>
    /// <exception cref="ArgumentException">A required value is null, a temperature is not finite, or an integer is beyond 2^53.</exception>
    public static JsonObject ToJsonObject(SessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = new JsonObject
        {
            ["schema"] = Text(record.Schema, "schema"),
            ["sessionId"] = Text(record.SessionId, "sessionId"),
            ["unitId"] = Text(record.UnitId, "unitId"),
            ["channel"] = Text(record.Channel, "channel"),
            ["patientRef"] = Text(record.PatientRef, "patientRef"),
            ["operatorId"] = Text(record.OperatorId, "operatorId"),
            ["regimen"] = Text(record.Regimen, "regimen"),
            ["thickHair"] = record.ThickHair,
            ["initialFitting"] = record.InitialFitting,
            ["simulated"] = record.Simulated,
            ["outcome"] = record.Outcome,
            ["abortReason"] = record.AbortReason,
            ["startedAt"] = UtcStamp.ToText(record.StartedAt),
            ["endedAt"] = Stamp(record.EndedAt),
            ["prescribed"] = Prescribed(record.Prescribed, "prescribed"),
            ["regimenDefault"] = Prescribed(record.RegimenDefault, "regimenDefault"),
            ["overrideReason"] = record.OverrideReason,
            ["phases"] = Phases(record.Phases),
            ["billableSeconds"] = Billable(record.BillableSeconds),
            ["interruptions"] = Interruptions(record.Interruptions),
            ["coolant"] = Coolant(record.Coolant),
            ["alarms"] = Alarms(record.Alarms),
            ["billing"] = BillingLines(record.Billing),
            ["billingRule"] = Text(record.BillingRule, "billingRule"),
            ["prevHash"] = record.PrevHash,
        };
        if (record.ClockSynced is { } synced)
        {
            // Added after the first release: a record sealed before it has none, and its text (which its hash covers) stays as it was.
            json["clockSynced"] = synced;
        }

        if (record.Hash is not null)
        {
            json["hash"] = record.Hash;
        }

        return json;
    }

    /// <summary>
    /// The published text: the canonical (RFC 8785) form of the whole record, <c>hash</c> included when set. This exact
    /// text is what is stored, served and published; the same record always gives the same bytes.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="ToJsonObject"/>.</exception>
    public static string ToText(SessionRecord record) => CanonicalJson.Serialize(ToJsonObject(record));

    /// <summary>
    /// Reads a record's JSON. Strict: every member <see cref="ToJsonObject"/> writes must be present (only <c>hash</c>
    /// and <c>clockSynced</c>, which records of the first release lack, may be absent), no other member may be, and each must have its type; so <c>ToText(Parse(ToText(r)))</c> is
    /// exactly <c>ToText(r)</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not JSON, or not a <c>paxman.session/1</c> record; the message names the member.</exception>
    public static SessionRecord Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = CanonicalJson.ParseStrict(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The record is not JSON: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The record holds text that is not valid Unicode: {e.Message}", e);
        }

        try
        {
            return Read(root);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses, when read, a string with an escaped lone surrogate.
            throw new FormatException($"The record holds text that is not valid Unicode: {e.Message}", e);
        }
    }

    private static SessionRecord Read(JsonNode? root)
    {
        var o = AsObject(root, "the record", TopLevelMembers);
        var schema = StringMember(o, "schema", string.Empty);
        if (schema != SessionRecord.SchemaName)
        {
            throw new FormatException($"schema is \"{schema}\", not \"{SessionRecord.SchemaName}\".");
        }

        if (o.ContainsKey("hash") && o["hash"] is null)
        {
            throw new FormatException("hash is null; a record without a hash leaves the member out.");
        }

        return new SessionRecord
        {
            Schema = schema,
            SessionId = StringMember(o, "sessionId", string.Empty),
            UnitId = StringMember(o, "unitId", string.Empty),
            Channel = StringMember(o, "channel", string.Empty),
            PatientRef = StringMember(o, "patientRef", string.Empty),
            OperatorId = StringMember(o, "operatorId", string.Empty),
            Regimen = StringMember(o, "regimen", string.Empty),
            ThickHair = BoolMember(o, "thickHair", string.Empty),
            InitialFitting = BoolMember(o, "initialFitting", string.Empty),
            Simulated = BoolMember(o, "simulated", string.Empty),
            Outcome = NullableString(o, "outcome", string.Empty),
            AbortReason = NullableString(o, "abortReason", string.Empty),
            StartedAt = ParseStamp(StringMember(o, "startedAt", string.Empty), "startedAt"),
            EndedAt = NullableStamp(o, "endedAt", string.Empty),
            Prescribed = ReadPrescribed(o, "prescribed"),
            RegimenDefault = ReadPrescribed(o, "regimenDefault"),
            OverrideReason = NullableString(o, "overrideReason", string.Empty),
            Phases = ReadArray(o, "phases", ReadPhase),
            BillableSeconds = ReadBillable(o),
            Interruptions = ReadArray(o, "interruptions", ReadInterruption),
            Coolant = ReadCoolant(o),
            Alarms = ReadArray(o, "alarms", static (node, at) => AsString(node, at)),
            Billing = ReadArray(o, "billing", ReadBillingLine),
            BillingRule = StringMember(o, "billingRule", string.Empty),
            ClockSynced = o.ContainsKey("clockSynced") ? BoolMember(o, "clockSynced", string.Empty) : null,
            PrevHash = NullableString(o, "prevHash", string.Empty),
            Hash = o.ContainsKey("hash") ? StringMember(o, "hash", string.Empty) : null,
        };
    }

    private static string Text(string? value, string member) =>
        value ?? throw new ArgumentException($"The record's {member} is null; it is required.", nameof(value));

    private static string? Stamp(DateTimeOffset? value) => value is { } v ? UtcStamp.ToText(v) : null;

    private static JsonValue Integer(long value, string member)
    {
        if (value is > MaxExactInteger or < -MaxExactInteger)
        {
            throw new ArgumentException($"The record's {member} ({value}) is beyond 2^53, which JSON numbers cannot hold exactly.", nameof(value));
        }

        return JsonValue.Create(value);
    }

    private static JsonObject Prescribed(PrescribedTimes? times, string member)
    {
        var t = times ?? throw new ArgumentException($"The record's {member} is null; it is required.", nameof(times));
        return new JsonObject
        {
            ["precoolSeconds"] = Integer(t.PrecoolSeconds, member + ".precoolSeconds"),
            ["postcoolSeconds"] = Integer(t.PostcoolSeconds, member + ".postcoolSeconds"),
        };
    }

    private static JsonArray Phases(IReadOnlyList<PhaseRecord>? phases)
    {
        var list = phases ?? throw new ArgumentException("The record's phases are null; the list is required.", nameof(phases));
        var array = new JsonArray();
        foreach (var p in list)
        {
            array.Add(new JsonObject
            {
                ["phase"] = Text(p.Phase, "phases[].phase"),
                ["startedAt"] = UtcStamp.ToText(p.StartedAt),
                ["endedAt"] = Stamp(p.EndedAt),
                ["seconds"] = Integer(p.Seconds, "phases[].seconds"),
                ["interruptedSeconds"] = Integer(p.InterruptedSeconds, "phases[].interruptedSeconds"),
            });
        }

        return array;
    }

    private static JsonObject Billable(BillableSeconds? billable)
    {
        var b = billable ?? throw new ArgumentException("The record's billableSeconds is null; it is required.", nameof(billable));
        return new JsonObject
        {
            ["precool"] = Integer(b.Precool, "billableSeconds.precool"),
            ["infusion"] = Integer(b.Infusion, "billableSeconds.infusion"),
            ["postcool"] = Integer(b.Postcool, "billableSeconds.postcool"),
        };
    }

    private static JsonArray Interruptions(IReadOnlyList<InterruptionRecord>? interruptions)
    {
        var list = interruptions ?? throw new ArgumentException("The record's interruptions are null; the list is required.", nameof(interruptions));
        var array = new JsonArray();
        foreach (var i in list)
        {
            array.Add(new JsonObject
            {
                ["startedAt"] = UtcStamp.ToText(i.StartedAt),
                ["endedAt"] = Stamp(i.EndedAt),
                ["seconds"] = Integer(i.Seconds, "interruptions[].seconds"),
                ["cause"] = Text(i.Cause, "interruptions[].cause"),
            });
        }

        return array;
    }

    private static JsonObject? Coolant(CoolantSummary? coolant) => coolant is null
        ? null
        : new JsonObject
        {
            ["minC"] = Temperature(coolant.MinC, "coolant.minC"),
            ["meanC"] = Temperature(coolant.MeanC, "coolant.meanC"),
            ["maxC"] = Temperature(coolant.MaxC, "coolant.maxC"),
        };

    private static JsonValue Temperature(double celsius, string member)
    {
        if (!double.IsFinite(celsius))
        {
            throw new ArgumentException($"The record's {member} is {celsius.ToString(CultureInfo.InvariantCulture)}; a temperature must be a finite number.", nameof(celsius));
        }

        // Rounding to 2 decimals is idempotent on doubles, so a parsed record writes the same text again.
        var rounded = Math.Round(celsius, 2, MidpointRounding.AwayFromZero);
        return JsonValue.Create(rounded == 0 ? 0d : rounded);
    }

    private static JsonArray Alarms(IReadOnlyList<string>? alarms)
    {
        var list = alarms ?? throw new ArgumentException("The record's alarms are null; the list is required.", nameof(alarms));
        var array = new JsonArray();
        foreach (var code in list)
        {
            array.Add(Text(code, "alarms[]"));
        }

        return array;
    }

    private static JsonArray BillingLines(IReadOnlyList<BillingLine>? lines)
    {
        var list = lines ?? throw new ArgumentException("The record's billing lines are null; the list is required.", nameof(lines));
        var array = new JsonArray();
        foreach (var line in list)
        {
            array.Add(new JsonObject
            {
                ["code"] = Text(line.Code, "billing[].code"),
                ["units"] = line.Units,
            });
        }

        return array;
    }

    private static JsonObject AsObject(JsonNode? node, string at, string[] members)
    {
        if (node is not JsonObject o)
        {
            throw new FormatException($"{at} is not a JSON object.");
        }

        foreach (var member in o)
        {
            if (Array.IndexOf(members, member.Key) < 0)
            {
                throw new FormatException($"{at} has an unknown member \"{member.Key}\".");
            }
        }

        return o;
    }

    private static JsonNode? Member(JsonObject o, string name, string at)
    {
        if (!o.TryGetPropertyValue(name, out var node))
        {
            throw new FormatException($"{Path(at, name)} is missing.");
        }

        return node;
    }

    private static string Path(string at, string name) => at.Length == 0 ? name : at + "." + name;

    private static string AsString(JsonNode? node, string at) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.TryGetValue(out string? s)
            ? s
            : throw new FormatException($"{at} is not a string.");

    private static string StringMember(JsonObject o, string name, string at) => AsString(Member(o, name, at), Path(at, name));

    private static string? NullableString(JsonObject o, string name, string at)
    {
        var node = Member(o, name, at);
        return node is null ? null : AsString(node, Path(at, name));
    }

    private static bool BoolMember(JsonObject o, string name, string at) =>
        Member(o, name, at) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw new FormatException($"{Path(at, name)} is not true or false.");

    private static long LongMember(JsonObject o, string name, string at) =>
        Member(o, name, at) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n)
            && n is <= MaxExactInteger and >= -MaxExactInteger
            ? n
            : throw new FormatException($"{Path(at, name)} is not a whole number.");

    private static int IntMember(JsonObject o, string name, string at) =>
        Member(o, name, at) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int n)
            ? n
            : throw new FormatException($"{Path(at, name)} is not a whole number.");

    private static double DoubleMember(JsonObject o, string name, string at) =>
        Member(o, name, at) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && double.IsFinite(d)
            ? d
            : throw new FormatException($"{Path(at, name)} is not a number.");

    private static DateTimeOffset ParseStamp(string text, string at)
    {
        // Exactly UtcStamp's form: anything else would not write back as the same text.
        if (!DateTimeOffset.TryParseExact(text, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stamp)
            || UtcStamp.ToText(stamp) != text)
        {
            throw new FormatException($"{at} (\"{text}\") is not a UTC stamp like 2026-01-05T13:00:00.000Z.");
        }

        return stamp;
    }

    private static DateTimeOffset? NullableStamp(JsonObject o, string name, string at) =>
        NullableString(o, name, at) is { } text ? ParseStamp(text, Path(at, name)) : null;

    private static PrescribedTimes ReadPrescribed(JsonObject record, string name)
    {
        var o = AsObject(Member(record, name, string.Empty), name, PrescribedMembers);
        return new PrescribedTimes(LongMember(o, "precoolSeconds", name), LongMember(o, "postcoolSeconds", name));
    }

    private static BillableSeconds ReadBillable(JsonObject record)
    {
        var o = AsObject(Member(record, "billableSeconds", string.Empty), "billableSeconds", BillableMembers);
        return new BillableSeconds(LongMember(o, "precool", "billableSeconds"), LongMember(o, "infusion", "billableSeconds"), LongMember(o, "postcool", "billableSeconds"));
    }

    private static CoolantSummary? ReadCoolant(JsonObject record)
    {
        var node = Member(record, "coolant", string.Empty);
        if (node is null)
        {
            return null;
        }

        var o = AsObject(node, "coolant", CoolantMembers);
        return new CoolantSummary(DoubleMember(o, "minC", "coolant"), DoubleMember(o, "meanC", "coolant"), DoubleMember(o, "maxC", "coolant"));
    }

    private static PhaseRecord ReadPhase(JsonNode? node, string at)
    {
        var o = AsObject(node, at, PhaseMembers);
        return new PhaseRecord(
            StringMember(o, "phase", at),
            ParseStamp(StringMember(o, "startedAt", at), at + ".startedAt"),
            NullableStamp(o, "endedAt", at),
            LongMember(o, "seconds", at),
            LongMember(o, "interruptedSeconds", at));
    }

    private static InterruptionRecord ReadInterruption(JsonNode? node, string at)
    {
        var o = AsObject(node, at, InterruptionMembers);
        return new InterruptionRecord(
            ParseStamp(StringMember(o, "startedAt", at), at + ".startedAt"),
            NullableStamp(o, "endedAt", at),
            LongMember(o, "seconds", at),
            StringMember(o, "cause", at));
    }

    private static BillingLine ReadBillingLine(JsonNode? node, string at)
    {
        var o = AsObject(node, at, BillingLineMembers);
        return new BillingLine(StringMember(o, "code", at), IntMember(o, "units", at));
    }

    private static T[] ReadArray<T>(JsonObject record, string name, Func<JsonNode?, string, T> read)
    {
        if (Member(record, name, string.Empty) is not JsonArray array)
        {
            throw new FormatException($"{name} is not a JSON array.");
        }

        var items = new T[array.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(array[i], $"{name}[{i}]");
        }

        return items;
    }
}
