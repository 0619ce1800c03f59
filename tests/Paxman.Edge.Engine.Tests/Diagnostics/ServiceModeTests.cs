using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Engine.Diagnostics;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Diagnostics;

/// <summary>Service mode on the injected clock: the PIN, the wrong-PIN limit, the 30-minute end and the PIN hash file.</summary>
public sealed class ServiceModeTests : IDisposable
{
    // Few iterations keep the tests fast; the format's minimum.
    private static readonly TechnicianPin Pin = TechnicianPin.TryParse(TechnicianPin.Hash("4711", TechnicianPin.MinIterations))!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _folder = new();

    [Fact]
    public void The_right_PIN_switches_service_mode_on_for_30_minutes_of_the_clock_then_it_ends_by_itself()
    {
        var mode = new ServiceMode(Pin, _time);
        Assert.False(mode.IsOn);

        var answer = mode.Enter("4711");

        Assert.Equal(ServiceModeOutcome.On, answer.Outcome);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(30), answer.Until);
        Assert.True(mode.IsOn);
        for (var minute = 0; minute < 29; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(mode.IsOn);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), mode.Until);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(mode.IsOn);
        Assert.Null(mode.Until);
    }

    [Fact]
    public void The_right_PIN_again_renews_the_30_minutes_and_End_switches_it_off()
    {
        var mode = new ServiceMode(Pin, _time);
        mode.Enter("4711");
        _time.Advance(TimeSpan.FromMinutes(20));
        mode.Enter("4711");
        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.True(mode.IsOn);

        Assert.True(mode.End());
        Assert.False(mode.IsOn);
        Assert.False(mode.End());
    }

    [Fact]
    public void A_wrong_PIN_leaves_it_off_and_the_sixth_within_5_minutes_is_refused_unchecked_even_when_right()
    {
        var mode = new ServiceMode(Pin, _time);
        for (var i = 1; i <= ServiceMode.MaxWrongPins; i++)
        {
            var wrong = mode.Enter("0000");
            Assert.Equal(ServiceModeOutcome.WrongPin, wrong.Outcome);
            Assert.Equal(ServiceMode.MaxWrongPins - i, wrong.TriesLeft);
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var limited = mode.Enter("4711");
        Assert.Equal(ServiceModeOutcome.RateLimited, limited.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(50), limited.RetryAfter);
        Assert.False(mode.IsOn);

        // Once the oldest wrong PIN is 5 minutes old, one more try is allowed.
        _time.Advance(limited.RetryAfter);
        Assert.Equal(ServiceModeOutcome.On, mode.Enter("4711").Outcome);
    }

    [Fact]
    public void Without_a_PIN_hash_there_is_no_service_mode()
    {
        var mode = new ServiceMode(null, _time);
        Assert.Equal(ServiceModeOutcome.NotConfigured, mode.Enter("4711").Outcome);
        Assert.False(mode.IsOn);
    }

    [Fact]
    public void The_hash_line_round_trips_and_matches_only_its_PIN()
    {
        var line = TechnicianPin.Hash("123456");
        Assert.StartsWith("pbkdf2-sha256$210000$", line, StringComparison.Ordinal);
        var pin = TechnicianPin.TryParse(line + "\n");
        Assert.NotNull(pin);
        Assert.True(pin.Matches("123456"));
        Assert.False(pin.Matches("123457"));
        Assert.False(pin.Matches(""));
    }

    [Theory]
    [InlineData("pinhash-$argon2id$v=19$5E1B0D")]
    [InlineData("pbkdf2-sha256$999$c2FsdHNhbHRzYWx0c2FsdA==$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=")]
    [InlineData("pbkdf2-sha256$210000$c2hvcnQ=$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=")]
    [InlineData("pbkdf2-sha256$210000$c2FsdHNhbHRzYWx0c2FsdA==$bm90LWJhc2U2NCE=!")]
    [InlineData("1234")]
    public void A_PIN_hash_file_not_in_the_format_stops_start_up_naming_the_key_without_showing_the_contents(string contents)
    {
        var file = _folder.File("pin-hash");
        File.WriteAllText(file, contents);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = _folder.File("data"),
            ["Technician:PinHashFile"] = file,
        }).Build();

        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(configuration));

        Assert.StartsWith("Technician:PinHashFile: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pbkdf2-sha256$ITERATIONS$SALT$HASH", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(contents, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PIN_hash_file_in_the_format_loads_the_PIN()
    {
        var file = _folder.File("pin-hash");
        File.WriteAllText(file, TechnicianPin.Hash("4711", TechnicianPin.MinIterations) + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = _folder.File("data"),
            ["Technician:PinHashFile"] = file,
        }).Build();

        var settings = EdgeSettings.Load(configuration);

        Assert.True(settings.Technician.Pin!.Matches("4711"));
    }

    public void Dispose() => _folder.Dispose();
}
