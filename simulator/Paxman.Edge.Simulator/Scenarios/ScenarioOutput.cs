using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// The run's JSON lines (README of the simulator, "Scenario runner"): <c>record</c> with the record's exact published
/// text as its value, <c>alarm</c> with the fields of the alarm message as published, <c>refused</c>, and the final
/// <c>summary</c>. Lines end with "\n"; the text is UTF-8.
/// </summary>
internal sealed class ScenarioOutput(TextWriter writer)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Records { get; private set; }

    public int Alarms { get; private set; }

    public int Refused { get; private set; }

    /// <summary>A record as published: its text is embedded unchanged (the text its hash covers).</summary>
    public void Record(ReadOnlySpan<byte> publishedJson)
    {
        writer.Write("{\"type\":\"record\",\"record\":");
        writer.Write(Encoding.UTF8.GetString(publishedJson));
        writer.Write("}\n");
        Records++;
    }

    /// <summary>An alarm change as published (a JSON object): its fields follow <c>"type":"alarm"</c> in their order.</summary>
    public void Alarm(ReadOnlySpan<byte> publishedJson)
    {
        var text = Encoding.UTF8.GetString(publishedJson);
        writer.Write("{\"type\":\"alarm\",");
        writer.Write(text.AsSpan(1));
        writer.Write('\n');
        Alarms++;
    }

    /// <summary>An action the unit refused, with the nurse-readable detail the HTTP API would give.</summary>
    public void Refusal(int step, string detail)
    {
        Line(w =>
        {
            w.WriteString("type", "refused");
            w.WriteNumber("step", step);
            w.WriteString("detail", detail);
        });
        Refused++;
    }

    public void Summary(ScenarioSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Line(w =>
        {
            w.WriteString("type", "summary");
            w.WriteNumber("records", summary.Records);
            w.WriteNumber("alarms", summary.Alarms);
            w.WriteNumber("refused", summary.Refused);
            w.WriteNumber("deviceSeconds", summary.DeviceSeconds);
            w.WriteNumber("wallSeconds", summary.WallSeconds);
        });
        writer.Flush();
    }

    private void Line(Action<Utf8JsonWriter> body)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        writer.Write('\n');
    }
}
