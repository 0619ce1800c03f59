using System.Globalization;
using System.Text;

namespace Paxman.Edge.Protocol;

/// <summary>
/// The canonical text form of messages (firmware-protocol/test-vectors/README.md, "Format"):
/// <c>TYPE_NAME field=value ...</c>, every field in catalogue order, snake_case names, decimal values,
/// the serial as its ASCII characters. Identical to what the C tool <c>pxcodec</c> prints and accepts,
/// including its error reasons, so the two codecs can be compared line by line. For tests and
/// technicians' diagnostics; not on the control path (it allocates strings).
/// </summary>
public static class MessageText
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n'];

    /// <summary>The canonical text of <paramref name="message"/>. Not range-checked: an unprintable serial byte shows as '?'.</summary>
    /// <exception cref="ArgumentException">The message's type is not in the catalogue.</exception>
    public static string Format<T>(in T message)
        where T : struct, IMessage
    {
        MessageInfo info = MessageCatalogue.Find((byte)message.Type)
            ?? throw new ArgumentException($"Message type 0x{(byte)message.Type:x2} is not in the catalogue.", nameof(message));
        Span<byte> payload = stackalloc byte[ProtocolConstants.MaxRawFrame];
        message.WritePayload(payload);
        return Format(info, payload[..info.PayloadLength]);
    }

    /// <summary>
    /// Parses one canonical text line and builds its wire frame (delimiter included), like <c>pxcodec encode</c>.
    /// Strict: unknown type or field names, missing or repeated fields, non-canonical integers, values that
    /// do not fit their type or are outside the catalogue range are errors. Fields may come in any order.
    /// </summary>
    /// <param name="line">A line such as <c>SET_STATE link_id=4660 cmd_seq=1000 compressor_pct=65 outputs=11 mode=1</c>.</param>
    /// <param name="wireFrame">The frame on success; empty otherwise.</param>
    /// <param name="error">Null on success; otherwise pxcodec's reason, e.g. <c>out-of-range compressor_pct</c> or <c>unknown-field foo</c>.</param>
    public static bool TryParse(string line, out byte[] wireFrame, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        wireFrame = [];
        string[] tokens = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            error = "empty";
            return false;
        }

        MessageInfo? info = MessageCatalogue.Find(tokens[0]);
        if (info is null)
        {
            error = "unknown-type " + tokens[0];
            return false;
        }

        byte[] payload = new byte[info.PayloadLength];
        bool[] seen = new bool[info.Fields.Count];
        for (int t = 1; t < tokens.Length; t++)
        {
            error = ParseField(info, tokens[t], payload, seen);
            if (error is not null)
            {
                return false;
            }
        }

        for (int i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                error = "missing-field " + info.Fields[i].Name;
                return false;
            }
        }

        string? bad = info.FirstInvalidField(payload);
        if (bad is not null)
        {
            error = "out-of-range " + bad;
            return false;
        }

        Span<byte> wire = stackalloc byte[ProtocolConstants.MaxWireFrame];
        int n = FrameEncoder.EncodeUnchecked((byte)info.Type, payload, wire);
        wireFrame = wire[..n].ToArray();
        error = null;
        return true;
    }

    /// <summary>
    /// Decodes exactly one wire frame, with or without its trailing 0x00, and formats it, like
    /// <c>pxcodec decode</c>. Accepts both directions' types.
    /// </summary>
    /// <param name="wireFrameWithoutOrWithDelimiter">The frame's bytes; a 0x00 may only be the last byte.</param>
    /// <param name="text">The canonical text on success; empty otherwise.</param>
    /// <param name="error">Null on success; otherwise <c>framing</c> (not exactly one frame), a frame reason
    /// (<c>bad-check</c>, ...) or <c>out-of-range field</c>.</param>
    public static bool TryFormatWire(ReadOnlySpan<byte> wireFrameWithoutOrWithDelimiter, out string text, out string? error)
    {
        text = string.Empty;
        ReadOnlySpan<byte> encoded = wireFrameWithoutOrWithDelimiter;
        if (!encoded.IsEmpty && encoded[^1] == 0)
        {
            encoded = encoded[..^1];
        }

        if (encoded.IsEmpty || encoded.Contains((byte)0))
        {
            error = "framing";
            return false;
        }

        Span<byte> raw = stackalloc byte[ProtocolConstants.MaxRawFrame];
        FrameRejection rejection = FrameReader.Check(encoded, FrameDirection.Any, raw, out int rawLength);
        if (rejection != FrameRejection.None)
        {
            error = rejection.ToReasonName();
            return false;
        }

        MessageInfo info = MessageCatalogue.Find(raw[0])!;
        ReadOnlySpan<byte> payload = raw.Slice(1, rawLength - ProtocolConstants.MinRawFrame);
        string? bad = info.FirstInvalidField(payload);
        if (bad is not null)
        {
            error = "out-of-range " + bad;
            return false;
        }

        text = Format(info, payload);
        error = null;
        return true;
    }

    private static string Format(MessageInfo info, ReadOnlySpan<byte> payload)
    {
        var text = new StringBuilder(info.Name, 256);
        foreach (FieldInfo field in info.Fields)
        {
            text.Append(' ').Append(field.Name).Append('=');
            if (field.Kind == FieldKind.Serial)
            {
                foreach (byte b in payload.Slice(field.Offset, ProtocolConstants.SerialLength))
                {
                    if (b == 0)
                    {
                        break;
                    }

                    text.Append(b is >= 0x21 and <= 0x7E ? (char)b : '?');
                }
            }
            else
            {
                text.Append(field.Read(payload).ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    // One name=value token; returns pxcodec's error reason, or null.
    private static string? ParseField(MessageInfo info, string token, byte[] payload, bool[] seen)
    {
        int eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return "bad-token " + token;
        }

        string name = token[..eq];
        ReadOnlySpan<char> value = token.AsSpan(eq + 1);
        int index = info.IndexOf(name);
        if (index < 0)
        {
            return "unknown-field " + name;
        }

        if (seen[index])
        {
            return "duplicate-field " + name;
        }

        seen[index] = true;
        FieldInfo field = info.Fields[index];
        if (field.Kind == FieldKind.Serial)
        {
            if (value.Length > ProtocolConstants.SerialLength)
            {
                return "out-of-range " + name;
            }

            Span<byte> serial = payload.AsSpan(field.Offset, ProtocolConstants.SerialLength);
            serial.Clear();
            for (int i = 0; i < value.Length; i++)
            {
                // Non-ASCII cannot be a serial; 0xFF makes the range check name the field.
                serial[i] = value[i] <= '\x7F' ? (byte)value[i] : (byte)0xFF;
            }

            return null;
        }

        if (!TryParseCanonical(value, out long number))
        {
            return "bad-number " + name;
        }

        if (!field.Fits(number))
        {
            return "out-of-range " + name;
        }

        field.Write(payload, number);
        return null;
    }

    // Decimal as the canonical text writes it: optional '-', digits, no leading zeros, no "-0", no '+'.
    private static bool TryParseCanonical(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = s.Length > 0 && s[0] == '-';
        if (negative)
        {
            i = 1;
        }

        if (i == s.Length || (s[i] == '0' && (s.Length - i > 1 || negative)))
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            if (s[i] is < '0' or > '9')
            {
                return false;
            }

            // Saturate far beyond any field so that long digit strings cannot overflow.
            value = Math.Min((value * 10) + (s[i] - '0'), 0x1_FFFF_FFFFL);
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
