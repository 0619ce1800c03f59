using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paxman.Edge.Core;

/// <summary>
/// Wall-clock stamps as the contract writes them: UTC with millisecond precision, <c>2026-01-05T13:00:00.000Z</c>
/// (src/Paxman.Edge.Core/Sessions/README.md, "The session record"). Stamps are for humans; durations come from the monotonic clock.
/// </summary>
public sealed class UtcStamp : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats <paramref name="value"/> in UTC, truncated to milliseconds.</summary>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.ParseExact(reader.GetString() ?? string.Empty, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ToText(value));
    }
}
