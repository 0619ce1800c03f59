using System.Device.Spi;
using System.Diagnostics.CodeAnalysis;

namespace Paxman.Edge.Simulation.Board;

/// <summary>A fault injected into the simulated RTD element.</summary>
public enum RtdFault
{
    None,

    /// <summary>The RTD element or its lead is broken: the ADC sees no current through the RTD and reads full scale.</summary>
    Open,

    /// <summary>The RTD element is shorted (a dead short, no lead resistance): the ADC reads zero.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The datasheet's word for the fault.")]
    Short,
}

/// <summary>
/// A MAX31865 RTD-to-digital converter with a PT100 (or PT1000) on its inputs, emulated at SPI register level so
/// that the real <c>Iot.Device.Max31865.Max31865</c> binding reads a temperature through it exactly as it does on
/// the board. Each <see cref="Write"/>, <see cref="Read"/> or <see cref="TransferFullDuplex"/> call is one
/// chip-select frame: the first byte is the address (bit 7 set = write), the following bytes are data with the
/// address auto-incrementing (and looping 7Fh→00h / FFh→80h) while the frame lasts.
/// </summary>
/// <remarks>
/// <para>Emulated, following the MAX31865 datasheet:</para>
/// <list type="bullet">
/// <item>Registers 00h configuration (read/write), 01h–02h RTD data (read-only), 03h–06h fault thresholds
/// (read/write, power-on FFFFh and 0000h), 07h fault status (read-only). Addresses 08h–7Fh read FFh; writes to
/// read-only or invalid addresses change nothing; the byte clocked out during the address byte reads 00h.</item>
/// <item>The resistance comes from the temperature source through Callendar–Van Dusen (IEC 60751:
/// A = 3.9083e-3, B = -5.775e-7, C = -4.183e-12 below 0 °C) and becomes the 15-bit code
/// round(R / Rref × 2^15), clamped to 0..7FFFh, stored as code &lt;&lt; 1 with the fault bit in D0 of the LSB.</item>
/// <item>A conversion happens when 1-shot (D5) is written while VBIAS (D7) is on and auto mode (D6) off; D5 then
/// reads back 0 (self-cleared). With VBIAS and auto mode both on, every read frame that starts at 00h–02h sees a
/// fresh conversion. A 1-shot written with VBIAS off converts nothing.</item>
/// <item>After each conversion the code is compared with the thresholds: code ≥ high threshold sets D7 (RTD
/// high), code ≤ low threshold sets D6 (RTD low); thresholds compare as 15-bit values, so with the power-on
/// thresholds an <see cref="RtdFault.Open"/> (full scale) trips D7 and a <see cref="RtdFault.Short"/> (zero) trips
/// D6. Status bits latch; D0 of the RTD LSB reads 1 while any status bit is set.</item>
/// <item>Fault status clear (D1): writing D1 = 1 with D5, D3 and D2 = 0 clears the fault status; D1 reads 0.</item>
/// <item>Fault detection cycle (D3:D2): automatic (01b) and the manual sequence (10b then 11b) complete at once
/// and read back 00b; during the check an <see cref="RtdFault.Open"/> sets D5 (REFIN- &gt; 0.85 × VBIAS), as
/// the datasheet's tables give for an open element.</item>
/// </list>
/// <para>Not emulated: conversion time and DRDY (a conversion completes inside the frame that starts it, so a
/// caller reads its result however briefly it waits), the 50/60 Hz filter and the 3-wire bit beyond storing them
/// (the leads have no resistance, so 2-, 3- and 4-wire read the same), ADC noise, self-heating, over/undervoltage
/// (status D2), the FORCE-/REFIN- faults of status D4 and D3, SPI mode and clock checks.</para>
/// <para>Thread-safe: frames are serialized, and the fault and temperature may be changed from any thread while
/// another reads. The temperature source is called on the thread of the frame that converts.</para>
/// </remarks>
public sealed class SimulatedMax31865 : SpiDevice
{
    /// <summary>The 15-bit full-scale code (ratio 1, clamped).</summary>
    public const int FullScale = 0x7FFF;

    private const double A = 3.9083e-3;
    private const double B = -5.775e-7;
    private const double C = -4.183e-12;

    private const byte RegisterCount = 8;
    private const byte Configuration = 0x00;
    private const byte RtdMsb = 0x01;
    private const byte RtdLsb = 0x02;
    private const byte FaultStatus = 0x07;

    private const byte ConfigVbias = 0x80;
    private const byte ConfigAuto = 0x40;
    private const byte ConfigOneShot = 0x20;
    private const byte ConfigFaultCycle = 0x0C;
    private const byte ConfigFaultClear = 0x02;

    private const byte StatusRtdHigh = 0x80;
    private const byte StatusRtdLow = 0x40;
    private const byte StatusRefInHigh = 0x20;

    private readonly Func<double> _celsius;
    private readonly double _referenceOhms;
    private readonly double _nominalOhms;
    private readonly Lock _gate = new();
    private readonly byte[] _registers = new byte[RegisterCount];
    private RtdFault _fault;
    private long _conversions;
    private bool _disposed;
    private volatile bool _failTransfers;

    /// <param name="celsius">The temperature of the RTD element in °C, read at each conversion.</param>
    /// <param name="referenceOhms">The reference resistor (430 Ω on the usual PT100 boards).</param>
    /// <param name="nominalOhms">R0 of the element: 100 Ω for a PT100, 1000 Ω for a PT1000.</param>
    public SimulatedMax31865(Func<double> celsius, double referenceOhms = 430, double nominalOhms = 100)
    {
        ArgumentNullException.ThrowIfNull(celsius);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(referenceOhms);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nominalOhms);
        _celsius = celsius;
        _referenceOhms = referenceOhms;
        _nominalOhms = nominalOhms;

        // Power-on values: high fault threshold FFFFh, everything else 00h.
        _registers[0x03] = 0xFF;
        _registers[0x04] = 0xFF;
    }

    /// <summary>A fault on the RTD element, taking effect at the next conversion (or fault detection cycle).</summary>
    public RtdFault Fault
    {
        get
        {
            lock (_gate)
            {
                return _fault;
            }
        }
        set
        {
            lock (_gate)
            {
                _fault = value;
            }
        }
    }

    /// <summary>When true, every transfer throws <see cref="IOException"/>, as the Linux spidev driver does on a bus error.</summary>
    public bool FailTransfers
    {
        get => _failTransfers;
        set => _failTransfers = value;
    }

    /// <summary>Conversions done so far (diagnostics, tests).</summary>
    public long Conversions
    {
        get
        {
            lock (_gate)
            {
                return _conversions;
            }
        }
    }

    /// <summary>SPI mode 1 at 5 MHz on bus 0, chip select 0, as the binding documents; a new copy each time.</summary>
    public override SpiConnectionSettings ConnectionSettings => new(0, 0)
    {
        Mode = SpiMode.Mode1,
        ClockFrequency = 5_000_000,
        DataFlow = DataFlow.MsbFirst,
    };

    /// <summary>
    /// The PT element's resistance at <paramref name="celsius"/> by Callendar–Van Dusen (the C term only below 0 °C).
    /// </summary>
    public static double Resistance(double celsius, double nominalOhms = 100)
    {
        var t = celsius;
        var c = t < 0 ? C * (t - 100) * t * t * t : 0;
        return nominalOhms * (1 + (A * t) + (B * t * t) + c);
    }

    /// <summary>The 15-bit ADC code for <paramref name="ohms"/> against <paramref name="referenceOhms"/>, clamped to 0..7FFFh.</summary>
    public static int Code(double ohms, double referenceOhms)
    {
        var ratio = ohms / referenceOhms;
        if (double.IsNaN(ratio))
        {
            return FullScale;
        }

        return (int)Math.Clamp(Math.Round(ratio * 32768), 0, FullScale);
    }

    /// <summary>A frame of only <paramref name="buffer"/>.Length clocks with SDI held low: a read from address 00h.</summary>
    public override void Read(Span<byte> buffer)
    {
        Span<byte> zeros = buffer.Length <= 64 ? stackalloc byte[buffer.Length] : new byte[buffer.Length];
        zeros.Clear();
        TransferFullDuplex(zeros, buffer);
    }

    /// <summary>A frame in which what SDO drives is discarded.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Span<byte> ignored = buffer.Length <= 64 ? stackalloc byte[buffer.Length] : new byte[buffer.Length];
        TransferFullDuplex(buffer, ignored);
    }

    /// <summary>One chip-select frame: the address byte, then data in or out.</summary>
    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        if (writeBuffer.Length != readBuffer.Length)
        {
            // As the Linux spidev implementation: one frame clocks both directions equally.
            throw new ArgumentException("the write and read buffers of a full-duplex transfer must have the same length", nameof(readBuffer));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_failTransfers)
            {
                throw new IOException("simulated SPI transfer failure");
            }

            if (writeBuffer.IsEmpty)
            {
                return;
            }

            readBuffer[0] = 0x00;
            var address = writeBuffer[0];
            var writing = (address & 0x80) != 0;
            var offset = (byte)(address & 0x7F);
            if (!writing && offset <= RtdLsb && (_registers[Configuration] & (ConfigVbias | ConfigAuto)) == (ConfigVbias | ConfigAuto))
            {
                // Automatic conversion mode: conversions run continuously, so a read sees a fresh one.
                Convert();
            }

            for (var i = 1; i < writeBuffer.Length; i++)
            {
                if (writing)
                {
                    readBuffer[i] = 0x00;
                    WriteRegister(offset, writeBuffer[i]);
                }
                else
                {
                    readBuffer[i] = ReadRegister(offset);
                }

                offset = (byte)((offset + 1) & 0x7F);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            _disposed = true;
        }

        base.Dispose(disposing);
    }

    private byte ReadRegister(byte offset) => offset switch
    {
        RtdLsb => (byte)((_registers[RtdLsb] & 0xFE) | (_registers[FaultStatus] != 0 ? 1 : 0)),
        < RegisterCount => _registers[offset],
        _ => 0xFF,
    };

    private void WriteRegister(byte offset, byte value)
    {
        switch (offset)
        {
            case Configuration:
                WriteConfiguration(value);
                break;
            case >= 0x03 and <= 0x06:
                _registers[offset] = value;
                break;
            default:
                // 01h, 02h and 07h are read-only; the rest does not exist.
                break;
        }
    }

    private void WriteConfiguration(byte value)
    {
        if ((value & ConfigFaultClear) != 0 && (value & (ConfigOneShot | ConfigFaultCycle)) == 0)
        {
            _registers[FaultStatus] = 0;
        }

        var cycle = value & ConfigFaultCycle;
        if (cycle is 0x04 or 0x0C)
        {
            // Automatic cycle, or the second step of the manual one: the check completes and the bits read 00b.
            DetectFaults();
            value &= unchecked((byte)~ConfigFaultCycle);
        }

        var oneShot = (value & ConfigOneShot) != 0;
        var stored = (byte)(value & ~(ConfigFaultClear | ConfigOneShot));
        _registers[Configuration] = stored;
        if (oneShot && (stored & ConfigVbias) != 0 && (stored & ConfigAuto) == 0)
        {
            Convert();
        }
    }

    private void DetectFaults()
    {
        if (_fault == RtdFault.Open)
        {
            _registers[FaultStatus] |= StatusRefInHigh;
        }
    }

    private void Convert()
    {
        var code = _fault switch
        {
            RtdFault.Open => FullScale,
            RtdFault.Short => 0,
            _ => Code(Resistance(_celsius(), _nominalOhms), _referenceOhms),
        };
        var data = code << 1;
        _registers[RtdMsb] = (byte)(data >> 8);
        _registers[RtdLsb] = (byte)(data & 0xFE);

        var high = ((_registers[0x03] << 8) | _registers[0x04]) >> 1;
        var low = ((_registers[0x05] << 8) | _registers[0x06]) >> 1;
        if (code >= high)
        {
            _registers[FaultStatus] |= StatusRtdHigh;
        }

        if (code <= low)
        {
            _registers[FaultStatus] |= StatusRtdLow;
        }

        _conversions++;
    }
}
