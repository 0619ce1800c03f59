using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests.Security;

/// <summary>
/// The start-up checks of the TLS files (README, "Configuration"): each problem is one line starting with the key
/// it names, so the service stops with exit code 2 and tells a technician which file to fix.
/// </summary>
public sealed class MqttOptionsTlsTests(BrokerSecurityTests.Certificates certificates) : IClassFixture<BrokerSecurityTests.Certificates>, IDisposable
{
    private readonly TempFolder _folder = new("paxman-tls-options");

    [Fact]
    public async Task Validate_ClientCertificateAndItsKeyFromTheCa_HasNoProblems()
    {
        var (certFile, keyFile) = await certificates.Tls.IssueClientAsync("PX-OPT-1");

        Assert.Empty(Options(certFile, keyFile).Validate());
        using var loaded = Options(certFile, keyFile).LoadClientCertificate();
        Assert.True(loaded!.HasPrivateKey);
    }

    [Fact]
    public async Task Validate_KeyInTheCertificatesOwnFile_HasNoProblems()
    {
        var (certFile, keyFile) = await certificates.Tls.IssueClientAsync("PX-OPT-2");
        var combined = _folder.File("unit.pem");
        var token = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(combined, await File.ReadAllTextAsync(certFile, token) + await File.ReadAllTextAsync(keyFile, token), token);
        File.SetUnixFileMode(combined, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Empty(Options(combined, keyFile: null).Validate());
    }

    [Fact]
    public void Validate_MissingClientCertFile_NamesMqttClientCertFile()
    {
        var problem = Assert.Single(Options(_folder.File("missing.pem"), keyFile: null).Validate());

        Assert.StartsWith("Mqtt:ClientCertFile: cannot read", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingClientKeyFile_NamesMqttClientKeyFile()
    {
        var (certFile, _) = await certificates.Tls.IssueClientAsync("PX-OPT-3");

        var problem = Assert.Single(Options(certFile, _folder.File("missing.key")).Validate());

        Assert.StartsWith("Mqtt:ClientKeyFile: cannot read", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ClientKeyOthersMayRead_NamesMqttClientKeyFile()
    {
        var (certFile, keyFile) = await certificates.Tls.IssueClientAsync("PX-OPT-4");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var problem = Assert.Single(Options(certFile, keyFile).Validate());

        Assert.StartsWith("Mqtt:ClientKeyFile:", problem, StringComparison.Ordinal);
        Assert.Contains("other users", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_KeyOfAnotherCertificate_NamesMqttClientCertFile()
    {
        var (certFile, _) = await certificates.Tls.IssueClientAsync("PX-OPT-5");
        var (_, otherKey) = await certificates.Tls.IssueClientAsync("PX-OPT-6");

        var problem = Assert.Single(Options(certFile, otherKey).Validate());

        Assert.StartsWith("Mqtt:ClientCertFile:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ClientCertificateWithoutTls_NamesMqttClientCertFile()
    {
        var (certFile, keyFile) = await certificates.Tls.IssueClientAsync("PX-OPT-7");
        var options = Options(certFile, keyFile);
        options.UseTls = false;
        options.CaFile = null;

        var problem = Assert.Single(options.Validate());

        Assert.StartsWith("Mqtt:ClientCertFile:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientKeyWithoutCertificate_NamesMqttClientKeyFile()
    {
        var problem = Assert.Single(Options(certFile: null, _folder.File("unit.key")).Validate());

        Assert.StartsWith("Mqtt:ClientKeyFile:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CaFileWithoutACertificate_NamesMqttCaFile()
    {
        var notPem = _folder.File("ca.pem");
        File.WriteAllText(notPem, "not a certificate\n");

        var options = Options(certFile: null, keyFile: null);
        options.CaFile = notPem;
        var problem = Assert.Single(options.Validate());

        Assert.StartsWith("Mqtt:CaFile:", problem, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private MqttOptions Options(string? certFile, string? keyFile) => new()
    {
        Broker = "mqtt.hospital.lan",
        Port = 8883,
        UseTls = true,
        CaFile = certificates.Tls.CaFile,
        ClientCertFile = certFile,
        ClientKeyFile = keyFile,
    };
}
