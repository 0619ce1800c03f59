using Microsoft.Extensions.Configuration;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests;

public sealed class EdgeSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Load_NoConfiguration_GivesTheContractDefaults()
    {
        var settings = EdgeSettings.Load(Config());

        Assert.Equal("PX-SIM-0001", settings.Unit.Id);
        Assert.Equal(HardwareMode.Simulated, settings.Hardware.Mode);
        Assert.Equal("/dev/ttyAMA0", settings.Hardware.SerialPort);
        Assert.Equal(1, settings.Simulator.TimeScale);
        Assert.True(settings.Mqtt.IsEmbedded);
        Assert.Equal(1883, settings.Mqtt.Port);
        Assert.Null(settings.Mqtt.Username);
        Assert.False(settings.Mqtt.UseTls);
        Assert.Equal(BillingOptions.FullIncrements, settings.Billing.Rule);
        Assert.Null(settings.Privacy.PatientRefKey);
        Assert.Empty(settings.UnknownKeys);
    }

    [Theory]
    [InlineData("Hardware:Mode", "Bogus", "Hardware:Mode")]
    [InlineData("Simulator:TimeScale", "0", "Simulator:TimeScale")]
    [InlineData("Simulator:TimeScale", "1001", "Simulator:TimeScale")]
    [InlineData("Simulator:TimeScale", "fast", "Simulator:TimeScale")]
    [InlineData("Mqtt:Port", "70000", "Mqtt:Port")]
    [InlineData("Mqtt:Port", "x", "Mqtt:Port")]
    [InlineData("Mqtt:UseTls", "maybe", "Mqtt:UseTls")]
    [InlineData("Mqtt:Broker", "not a host!", "Mqtt:Broker")]
    [InlineData("Mqtt:Password", "secret-value", "Mqtt:Password")]
    [InlineData("Billing:Rule", "round-up", "Billing:Rule")]
    [InlineData("Unit:Id", "PX/+/#", "Unit:Id")]
    [InlineData("Privacy:PatientRefKey", "short", "Privacy:PatientRefKey")]
    [InlineData("Simulator:AmbientC", "60", "Simulator:AmbientC")]
    [InlineData("Control:SetpointC", "-9", "Control:SetpointC")]
    [InlineData("Control:SetpointC", "-7.5", "Control:SetpointC")]
    [InlineData("Control:Kp", "-1", "Control:Kp")]
    [InlineData("Control:ReadySeconds", "0", "Control:ReadySeconds")]
    [InlineData("Safety:FlowLossLpm", "0.9", "Safety:FlowLossLpm")]
    [InlineData("Safety:OverCoolingSafeC", "-7", "Safety:OverCoolingSafeC")]
    [InlineData("Safety:WarmSeconds", "-5", "Safety:WarmSeconds")]
    [InlineData("Safety:ProbeDisagreeC", "soon", "Safety:ProbeDisagreeC")]
    public void Load_InvalidValue_ThrowsOneLineNamingTheKey(string key, string value, string expectedKey)
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config((key, value))));

        Assert.StartsWith(expectedKey + ":", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_SecretValues_AreNeverEchoedInTheError()
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(("Privacy:PatientRefKey", "tiny-secret"))));

        Assert.DoesNotContain("tiny-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TimeScaleWithSerialMode_IsRefused()
    {
        var port = _folder.File("ttyFAKE");
        File.WriteAllText(port, string.Empty);

        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(
            ("Hardware:Mode", "Serial"), ("Hardware:SerialPort", port), ("Simulator:TimeScale", "10"))));

        Assert.StartsWith("Simulator:TimeScale:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SerialModeWithMissingPort_NamesThePortKey()
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(
            ("Hardware:Mode", "Serial"), ("Hardware:SerialPort", _folder.File("no-such-tty")))));

        Assert.StartsWith("Hardware:SerialPort:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SerialModeWithExistingPort_IsAccepted()
    {
        var port = _folder.File("ttyFAKE");
        File.WriteAllText(port, string.Empty);

        var settings = EdgeSettings.Load(Config(("Hardware:Mode", "serial"), ("Hardware:SerialPort", port)));

        Assert.Equal(HardwareMode.Serial, settings.Hardware.Mode);
    }

    [Fact]
    public void Load_BenchInSimulatedMode_IsRefusedNamingTheBenchKey()
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(("Hardware:Bench", "true"))));

        Assert.StartsWith("Hardware:Bench:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BenchWithSerialMode_IsAccepted()
    {
        var port = _folder.File("ttyFAKE");
        File.WriteAllText(port, string.Empty);

        var settings = EdgeSettings.Load(Config(("Hardware:Mode", "Serial"), ("Hardware:SerialPort", port), ("Hardware:Bench", "true")));

        Assert.True(settings.Hardware.Bench);
        Assert.Equal(HardwareMode.Serial, settings.Hardware.Mode);
    }

    // A unit's own board keys, or patient references, with bench mode: this is a unit that treats patients.
    [Theory]
    [InlineData("Hardware:GpioChip", "0")]
    [InlineData("Hardware:ProbeSpiBus", "1")]
    [InlineData("Hardware:ProbeSpiChipSelect", "0")]
    [InlineData("Privacy:PatientRefKey", "a-key-of-sixteen-chars-or-more")]
    public void Load_BenchWithAUnitsBoardOrPatientKeys_IsRefusedNamingBothKeys(string key, string value)
    {
        var port = _folder.File("ttyFAKE");
        File.WriteAllText(port, string.Empty);

        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(
            ("Hardware:Mode", "Serial"), ("Hardware:SerialPort", port), ("Hardware:Bench", "true"), (key, value))));

        Assert.StartsWith("Hardware:Bench:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnreadableCaFile_NamesTheCaFileKey()
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(
            ("Mqtt:Broker", "broker.example"), ("Mqtt:UseTls", "true"), ("Mqtt:CaFile", _folder.File("missing-ca.pem")))));

        Assert.StartsWith("Mqtt:CaFile:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnreadableClientCertFile_NamesTheClientCertKey()
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(
            ("Mqtt:Broker", "broker.example"), ("Mqtt:UseTls", "true"), ("Mqtt:ClientCertFile", _folder.File("missing-unit.pem")))));

        Assert.StartsWith("Mqtt:ClientCertFile:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TlsWithTheEmbeddedBroker_IsRefused()
    {
        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(("Mqtt:UseTls", "true"))));

        Assert.StartsWith("Mqtt:UseTls:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StoragePathThatIsAFile_NamesTheStorageKey()
    {
        var file = _folder.File("not-a-folder");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config(("Storage:Path", file))));

        Assert.StartsWith("Storage:Path:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeysInOurSections_AreListedNotFatal()
    {
        var settings = EdgeSettings.Load(Config(("Mqtt:Prot", "1884"), ("Unit:Name", "x"), ("Logging:LogLevel:Default", "Debug")));

        Assert.Equal(["Unit:Name", "Mqtt:Prot"], settings.UnknownKeys.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Load_ExternalBrokerWithCredentials_IsAccepted()
    {
        var settings = EdgeSettings.Load(Config(("Mqtt:Broker", "10.1.2.3"), ("Mqtt:Port", "8883"), ("Mqtt:Username", "unit"), ("Mqtt:Password", "pw")));

        Assert.False(settings.Mqtt.IsEmbedded);
        Assert.Equal(8883, settings.Mqtt.Port);
    }

    public void Dispose() => _folder.Dispose();

    private IConfiguration Config(params (string Key, string Value)[] values)
    {
        var all = new Dictionary<string, string?> { ["Storage:Path"] = _folder.File("data") };
        foreach (var (key, value) in values)
        {
            all[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }
}
