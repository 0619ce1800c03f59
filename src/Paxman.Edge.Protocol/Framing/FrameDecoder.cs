namespace Paxman.Edge.Protocol;

/// <summary>
/// The streaming receiver of protocol.md ("COBS and resynchronisation", "Rejecting a frame"). Feed it
/// bytes as they arrive, in chunks of any size: every 0x00 ends a frame, which is decoded and checked;
/// frames that fail a check are counted by reason and skipped, never returned. Buffers are fixed
/// (65 encoded bytes, as on the MCU), so no input can make it grow, throw or allocate.
/// Not thread-safe: one decoder per serial port, used by one reader.
/// </summary>
public sealed class FrameDecoder
{
    private readonly byte[] _encoded = new byte[ProtocolConstants.MaxEncodedFrame];
    private readonly byte[] _raw = new byte[ProtocolConstants.MaxRawFrame];
    private readonly long[] _rejected = new long[Enum.GetValues<FrameRejection>().Length];
    private int _length;
    private bool _overflow;
    private long _runLength;

    /// <summary>A receiver for the host: accepts the MCU -> host types (0x81..0x85, 0x90) only.</summary>
    public FrameDecoder()
        : this(FrameDirection.ToHost)
    {
    }

    /// <summary>A receiver that accepts the types of <paramref name="accept"/>; <see cref="FrameDirection.ToMcu"/> for an MCU emulator.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accept"/> accepts nothing.</exception>
    public FrameDecoder(FrameDirection accept)
    {
        if ((accept & FrameDirection.Any) == 0 || (accept & ~FrameDirection.Any) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(accept), accept, "A decoder must accept ToMcu, ToHost or Any.");
        }

        Accept = accept;
    }

    /// <summary>Which types this decoder accepts; others are rejected as <see cref="FrameRejection.UnknownType"/>.</summary>
    public FrameDirection Accept { get; }

    /// <summary>Frames that passed every check.</summary>
    public long FramesGood { get; private set; }

    /// <summary>Frames rejected, all reasons.</summary>
    public long FramesRejected { get; private set; }

    /// <summary>Bytes of rejected frames, each with its delimiter. Extra 0x00 between frames are not counted: they are allowed.</summary>
    public long BytesDiscarded { get; private set; }

    /// <summary>The reason of the most recent rejection; <see cref="FrameRejection.None"/> if none since the start or <see cref="Reset"/>.</summary>
    public FrameRejection LastRejection { get; private set; }

    /// <summary>Frames rejected for <paramref name="reason"/> (0 for <see cref="FrameRejection.None"/>). A rise is an early sign of a bad cable.</summary>
    public long RejectedBy(FrameRejection reason) =>
        reason > FrameRejection.None && (int)reason < _rejected.Length ? _rejected[(int)reason] : 0;

    /// <summary>Drops any partial frame and zeroes every counter: the decoder is as new.</summary>
    public void Reset()
    {
        _length = 0;
        _overflow = false;
        _runLength = 0;
        FramesGood = 0;
        FramesRejected = 0;
        BytesDiscarded = 0;
        LastRejection = FrameRejection.None;
        Array.Clear(_rejected);
    }

    /// <summary>
    /// Consumes bytes from <paramref name="input"/>, advancing it, until one complete valid frame is found
    /// (returns true; the rest of the input is left for the next call) or the input is used up (returns
    /// false; a partial frame is kept for the next call). Never throws.
    /// </summary>
    /// <param name="input">Received bytes; on return, the bytes not yet consumed.</param>
    /// <param name="frame">The frame; its payload stays valid until the next call on this decoder.</param>
    public bool TryDecode(ref ReadOnlySpan<byte> input, out DecodedFrame frame)
    {
        while (!input.IsEmpty)
        {
            int delimiter = input.IndexOf((byte)0);
            if (delimiter < 0)
            {
                Collect(input);
                input = input[input.Length..];
                break;
            }

            Collect(input[..delimiter]);
            input = input[(delimiter + 1)..];
            if (EndFrame(out frame))
            {
                return true;
            }
        }

        frame = default;
        return false;
    }

    // Step 1 of the receiver: non-zero bytes go to the 65-byte buffer; once it would overflow, the
    // frame is too long and everything up to the next 0x00 is dropped.
    private void Collect(ReadOnlySpan<byte> bytes)
    {
        _runLength += bytes.Length;
        if (_overflow)
        {
            return;
        }

        if (bytes.Length > _encoded.Length - _length)
        {
            _overflow = true;
            _length = 0;
            return;
        }

        bytes.CopyTo(_encoded.AsSpan(_length));
        _length += bytes.Length;
    }

    // Step 2: a 0x00 ends the frame in the buffer. An empty buffer (two 0x00 in a row) is not a frame.
    private bool EndFrame(out DecodedFrame frame)
    {
        frame = default;
        long run = _runLength;
        int length = _length;
        bool overflow = _overflow;
        _runLength = 0;
        _length = 0;
        _overflow = false;

        FrameRejection rejection;
        int rawLength = 0;
        if (overflow)
        {
            rejection = FrameRejection.Oversize;
        }
        else if (length == 0)
        {
            return false;
        }
        else
        {
            rejection = FrameReader.Check(_encoded.AsSpan(0, length), Accept, _raw, out rawLength);
        }

        if (rejection != FrameRejection.None)
        {
            FramesRejected++;
            _rejected[(int)rejection]++;
            BytesDiscarded += run + 1;
            LastRejection = rejection;
            return false;
        }

        FramesGood++;
        frame = new DecodedFrame((MessageType)_raw[0], _raw.AsSpan(1, rawLength - ProtocolConstants.MinRawFrame));
        return true;
    }
}
