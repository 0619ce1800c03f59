using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// Reads and checks a scenario file (README of the simulator, "Scenario runner"). Anything wrong with the file itself
/// is a <see cref="ScenarioFormatException"/> whose one-line message names the step: bad JSON, an unknown action,
/// fault or field, a missing or mistyped field, a bad channel, times out of order or past <c>runUntil</c>, an outage
/// that starts while the host is already down. What the unit decides (an unknown regimen, a missing patientRef, an
/// abort without a reason) is not checked here: the engine refuses it as the HTTP API would, in a <c>refused</c> line.
/// </summary>
internal static partial class ScenarioParser
{
    private const double MinAmbientC = 0;
    private const double MaxAmbientC = 45;
    private static readonly TimeSpan MaxDown = TimeSpan.FromDays(7);
    private static readonly TimeSpan MaxWallStep = TimeSpan.FromDays(366);

    private static readonly string[] TopLevel = ["epoch", "seed", "ambientC", "runUntil", "steps", "description"];
    private static readonly string[] Common = ["at", "do", "note"];
    private static readonly string[] SessionFields = ["channel", "operatorId"];

    private static readonly Dictionary<ScenarioAction, string[]> FieldsOf = new()
    {
        [ScenarioAction.PowerOn] = [],
        [ScenarioAction.NewSession] = ["channel", "patientRef", "operatorId", "regimen", "thickHair", "initialFitting", "preCoolMinutes",
            "postCoolMinutes", "overrideReason"],
        [ScenarioAction.Precool] = SessionFields,
        [ScenarioAction.InfusionStart] = SessionFields,
        [ScenarioAction.InfusionEnd] = SessionFields,
        [ScenarioAction.Finish] = SessionFields,
        [ScenarioAction.Resume] = SessionFields,
        [ScenarioAction.Abort] = ["channel", "operatorId", "reason"],
        [ScenarioAction.Ack] = ["code", "channel"],
        [ScenarioAction.AudioPause] = [],
        [ScenarioAction.Cap] = ["channel", "connected"],
        [ScenarioAction.StopButton] = ["pressed"],
        [ScenarioAction.Ambient] = ["c"],
        [ScenarioAction.Fault] = ["fault", "active", "channel", "ber", "offsetC"],
        [ScenarioAction.Restart] = ["downSeconds"],
        [ScenarioAction.PowerCut] = ["downSeconds"],
        [ScenarioAction.BrokerDown] = [],
        [ScenarioAction.BrokerUp] = [],
        [ScenarioAction.ClockStep] = ["seconds"],
    };

    /// <summary>Parses a scenario file's bytes (UTF-8).</summary>
    /// <exception cref="ScenarioFormatException">The file is not a valid scenario.</exception>
    public static Scenario Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw new ScenarioFormatException($"{BadJsonPlace(utf8)}bad JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {Reason(ex)}", ex);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses scenario text.</summary>
    public static Scenario Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static Scenario Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioFormatException("the file must hold one JSON object with \"runUntil\" and \"steps\"");
        }

        var top = new Fields(root, string.Empty, TopLevel, "a scenario");
        var epoch = top.Epoch("epoch") ?? Scenario.DefaultEpoch;
        var seed = top.Int32("seed") ?? Scenario.DefaultSeed;
        var ambient = top.Number("ambientC") ?? Scenario.DefaultAmbientC;
        if (ambient is < MinAmbientC or > MaxAmbientC)
        {
            throw new ScenarioFormatException($"\"ambientC\": {Num(ambient)} is out of range; use {MinAmbientC} to {MaxAmbientC} C");
        }

        var runUntil = top.Time("runUntil") ?? throw new ScenarioFormatException("\"runUntil\" is missing; give the device time the run ends at, for example \"04:00:00\"");
        if (runUntil <= TimeSpan.Zero)
        {
            throw new ScenarioFormatException("\"runUntil\" must be after 00:00:00");
        }

        if (!root.TryGetProperty("steps", out var stepsElement) || stepsElement.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioFormatException("\"steps\" is missing or not an array; give the steps as [{\"at\":\"00:00:00\",\"do\":\"power-on\"}, ...]");
        }

        var steps = new List<ScenarioStep>(stepsElement.GetArrayLength());
        var index = 0;
        foreach (var element in stepsElement.EnumerateArray())
        {
            steps.Add(Step(element, index++));
        }

        CheckTimeline(steps, runUntil);
        return new Scenario { Epoch = epoch, Seed = seed, AmbientC = ambient, RunUntil = runUntil, Steps = steps };
    }

    private static ScenarioStep Step(JsonElement element, int index)
    {
        var place = $"steps[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioFormatException($"{place}: a step is an object such as {{\"at\":\"00:40:00\",\"do\":\"precool\",\"channel\":\"A\"}}");
        }

        var at = new Fields(element, place, null, "a step").Time("at") ?? throw new ScenarioFormatException($"{place}: \"at\" is missing; give the device time, for example \"00:40:00\"");
        place = $"{place} at {ScenarioTime.Format(at)}";
        string? name;
        if (!element.TryGetProperty("do", out var doElement) || (name = doElement.ValueKind == JsonValueKind.String ? doElement.GetString() : null) is null)
        {
            throw new ScenarioFormatException($"{place}: \"do\" is missing or not a string; use one of {string.Join(", ", ScenarioActions.Names)}");
        }

        if (!ScenarioActions.TryParse(name, out var action))
        {
            throw new ScenarioFormatException($"{place}: unknown action \"{name}\"; use one of {string.Join(", ", ScenarioActions.Names)}");
        }

        place = $"{place} (\"{name}\")";
        var f = new Fields(element, place, [.. Common, .. FieldsOf[action]], $"\"{name}\"");
        var step = new ScenarioStep { Index = index, At = at, Action = action };
        return action switch
        {
            ScenarioAction.NewSession => step with
            {
                Channel = f.Channel(required: true),
                Request = new NewSessionRequest
                {
                    PatientRef = f.Text("patientRef"),
                    OperatorId = f.Text("operatorId"),
                    Regimen = f.Text("regimen"),
                    ThickHair = f.Bool("thickHair") ?? false,
                    InitialFitting = f.Bool("initialFitting") ?? false,
                    PreCoolMinutes = f.Int32("preCoolMinutes"),
                    PostCoolMinutes = f.Int32("postCoolMinutes"),
                    OverrideReason = f.Text("overrideReason"),
                },
                OperatorId = f.Text("operatorId"),
            },
            ScenarioAction.Precool or ScenarioAction.InfusionStart or ScenarioAction.InfusionEnd or ScenarioAction.Finish or ScenarioAction.Resume =>
                step with { Channel = f.Channel(required: true), OperatorId = f.Text("operatorId") },
            ScenarioAction.Abort => step with { Channel = f.Channel(required: true), OperatorId = f.Text("operatorId"), Reason = f.Text("reason") },
            ScenarioAction.Ack => Ack(step, f, place),
            ScenarioAction.Cap => step with { Channel = f.Channel(required: true), On = f.Bool("connected") ?? throw f.Missing("connected", "true or false") },
            ScenarioAction.StopButton => step with { On = f.Bool("pressed") ?? throw f.Missing("pressed", "true or false") },
            ScenarioAction.Ambient => step with { AmbientC = Ambient(f.Number("c") ?? throw f.Missing("c", "the room's temperature in C"), place) },
            ScenarioAction.Fault => Fault(step, f, place),
            ScenarioAction.Restart or ScenarioAction.PowerCut => step with { Down = Down(f.Number("downSeconds"), place) },
            ScenarioAction.ClockStep => step with { WallStep = WallStep(f.Number("seconds") ?? throw f.Missing("seconds", "how far the wall clock jumps, in seconds (may be negative)"), place) },
            _ => step,
        };
    }

    private static ScenarioStep Ack(ScenarioStep step, Fields f, string place)
    {
        var code = f.Text("code") ?? throw f.Missing("code", "an alarm code such as \"flow-loss\", or \"all\"");
        var channel = f.Channel(required: false);
        if (code == "all" && channel is not null)
        {
            throw new ScenarioFormatException($"{place}: \"all\" acknowledges every open alarm; leave out \"channel\"");
        }

        if (!AlarmCode().IsMatch(code))
        {
            throw new ScenarioFormatException($"{place}: \"{code}\" is not an alarm code; codes are kebab-case, such as \"flow-loss\", or \"all\"");
        }

        return step with { AlarmCode = code == "all" ? null : code, Channel = channel };
    }

    private static ScenarioStep Fault(ScenarioStep step, Fields f, string place)
    {
        var name = f.Text("fault") ?? throw f.Missing("fault", $"one of {string.Join(", ", SimulatedFaults.Names)}");
        var active = f.Bool("active") ?? throw f.Missing("active", "true or false");
        var channel = f.Text("channel");
        if (channel is not null and not ("A" or "B"))
        {
            throw new ScenarioFormatException($"{place}: \"channel\" is \"{channel}\"; use \"A\" or \"B\"");
        }

        if (!SimulatedFaults.TryCreate(name, active, channel, f.Number("ber"), f.Number("offsetC"), out var change, out var problem))
        {
            throw new ScenarioFormatException($"{place}: {problem.TrimEnd('.')}");
        }

        return step with { Fault = change };
    }

    private static double Ambient(double c, string place) => c is >= MinAmbientC and <= MaxAmbientC
        ? c
        : throw new ScenarioFormatException($"{place}: \"c\": {Num(c)} is out of range; use {MinAmbientC} to {MaxAmbientC} C");

    private static TimeSpan Down(double? seconds, string place)
    {
        if (seconds is null)
        {
            return Scenario.DefaultDown;
        }

        var down = TimeSpan.FromSeconds(seconds.Value);
        if (seconds <= 0 || down > MaxDown)
        {
            throw new ScenarioFormatException($"{place}: \"downSeconds\": {Num(seconds.Value)} is out of range; use more than 0, at most {MaxDown.TotalSeconds}");
        }

        if (down.Ticks % ScenarioTime.Tick.Ticks != 0)
        {
            throw new ScenarioFormatException($"{place}: \"downSeconds\": {Num(seconds.Value)} does not fall on an engine tick; use whole tenths of a second");
        }

        return down;
    }

    private static TimeSpan WallStep(double seconds, string place) => Math.Abs(seconds) <= MaxWallStep.TotalSeconds
        ? TimeSpan.FromSeconds(seconds)
        : throw new ScenarioFormatException($"{place}: \"seconds\": {Num(seconds)} is out of range; use at most {MaxWallStep.TotalSeconds} either way");

    // Times in order, none past the end, power-on only at the start, and no outage while the host is already down.
    private static void CheckTimeline(List<ScenarioStep> steps, TimeSpan runUntil)
    {
        ScenarioStep? outage = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (i > 0 && step.At < steps[i - 1].At)
            {
                throw new ScenarioFormatException(
                    $"{step}: times out of order: it comes after steps[{i - 1}] at {ScenarioTime.Format(steps[i - 1].At)}; steps must be in time order");
            }

            if (step.At > runUntil)
            {
                throw new ScenarioFormatException($"{step}: after \"runUntil\" {ScenarioTime.Format(runUntil)}; move it earlier or run longer");
            }

            if (step.Action == ScenarioAction.PowerOn && step.At != TimeSpan.Zero)
            {
                throw new ScenarioFormatException($"{step}: the unit powers on at 00:00:00 (the epoch); use \"power-cut\" for a loss of power later on");
            }

            if (step.Action is ScenarioAction.Restart or ScenarioAction.PowerCut)
            {
                if (outage is not null && step.At < outage.At + outage.Down)
                {
                    throw new ScenarioFormatException(
                        $"{step}: the host is still down until {ScenarioTime.Format(outage.At + outage.Down)} (from {outage}); start another outage after it");
                }

                outage = step;
            }
        }
    }

    // Where in the file bad JSON was met: inside steps[k], or between steps after steps[k], when it was inside "steps".
    private static string BadJsonPlace(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        var expectSteps = false;
        var inSteps = false;
        var inStep = false;
        var step = -1;
        try
        {
            while (reader.Read())
            {
                var depth = reader.CurrentDepth;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when depth == 1:
                        expectSteps = reader.ValueTextEquals("steps"u8);
                        break;
                    case JsonTokenType.StartArray when depth == 1 && expectSteps:
                        inSteps = true;
                        break;
                    case JsonTokenType.EndArray when depth == 1 && inSteps:
                        inSteps = false;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when depth == 2 && inSteps:
                        step++;
                        inStep = true;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray when depth == 2 && inSteps:
                        inStep = false;
                        break;
                    case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null
                        when depth == 2 && inSteps:
                        step++;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            if (!inSteps)
            {
                return string.Empty;
            }

            if (inStep)
            {
                return $"steps[{step}]: ";
            }

            return step < 0 ? "steps: " : $"after steps[{step}]: ";
        }

        return string.Empty;
    }

    private static string Reason(JsonException ex) => TrailingPosition().Replace(ex.Message, string.Empty).Trim();

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s*(Path: .*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex TrailingPosition();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex AlarmCode();

    // The fields of one object: typed getters that name the place on error, and no field the action does not know.
    private sealed class Fields
    {
        private readonly JsonElement _element;
        private readonly string _place;

        // With allowed null, only reads (the step's "at" before its action is known).
        public Fields(JsonElement element, string place, string[]? allowed, string what)
        {
            _element = element;
            _place = place.Length == 0 ? string.Empty : place + ": ";
            if (allowed is null)
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new ScenarioFormatException($"{_place}\"{property.Name}\" is given twice");
                }

                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    var known = allowed.Where(a => a is not ("at" or "do" or "note")).ToList();
                    var hint = known.Count == 0 ? $"{what} takes no other field" : $"{what} takes {string.Join(", ", known.Select(k => $"\"{k}\""))}";
                    throw new ScenarioFormatException($"{_place}unknown field \"{property.Name}\"; {hint}");
                }
            }
        }

        public ScenarioFormatException Missing(string name, string what) => new($"{_place}\"{name}\" is missing; give {what}");

        public string? Text(string name)
        {
            if (!Get(name, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(name, "a string");
        }

        public bool? Bool(string name)
        {
            if (!Get(name, out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Wrong(name, "true or false"),
            };
        }

        public double? Number(string name)
        {
            if (!Get(name, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) ? d : throw Wrong(name, "a number");
        }

        public int? Int32(string name)
        {
            if (!Get(name, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : throw Wrong(name, "a whole number");
        }

        public TimeSpan? Time(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            return ScenarioTime.Parse(text, out var problem) ?? throw new ScenarioFormatException($"{_place}\"{name}\": {problem}");
        }

        public DateTimeOffset? Epoch(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (!text.EndsWith('Z') || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var epoch))
            {
                throw new ScenarioFormatException($"{_place}\"{name}\": \"{text}\" is not a UTC time; write ISO 8601 with Z, for example \"2026-01-05T13:00:00Z\"");
            }

            return epoch;
        }

        public CapChannel? Channel(bool required)
        {
            var text = Text("channel");
            if (text is null)
            {
                return required ? throw Missing("channel", "\"A\" or \"B\"") : null;
            }

            // Exactly as the HTTP API's paths spell it.
            return text is "A" or "B" && CapChannels.TryParse(text, out var channel)
                ? channel
                : throw new ScenarioFormatException($"{_place}\"channel\" is \"{text}\"; use \"A\" or \"B\"");
        }

        private bool Get(string name, out JsonElement value) =>
            _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private ScenarioFormatException Wrong(string name, string what) => new($"{_place}\"{name}\" must be {what}");
    }
}
