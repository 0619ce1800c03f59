namespace Paxman.Edge.TestKit;

/// <summary>
/// A certificate authority of a test's own, made with the real <c>openssl</c> in a temp folder (no network): the CA,
/// a broker certificate for 127.0.0.1 and localhost, and client certificates on demand. EC P-256 keys, valid two
/// days. The folder is readable by the <c>mosquitto</c> user the broker drops to.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TempFolder _folder;

    private TestCertificates(TempFolder folder)
    {
        _folder = folder;
    }

    /// <summary>The CA certificate (PEM): the broker's <c>cafile</c> and the unit's <c>Mqtt:CaFile</c>.</summary>
    public string CaFile => _folder.File("ca.pem");

    /// <summary>The broker's certificate (PEM), subjectAltName IP 127.0.0.1 and DNS localhost.</summary>
    public string ServerCertFile => _folder.File("server.pem");

    public string ServerKeyFile => _folder.File("server.key");

    /// <summary>Makes a new CA and a broker certificate signed by it.</summary>
    public static async Task<TestCertificates> CreateAsync()
    {
        var folder = new TempFolder("paxman-certs");
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var certificates = new TestCertificates(folder);
        try
        {
            await certificates.OpenSslAsync(
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", folder.File("ca.key"), "-out", certificates.CaFile, "-days", "2", "-subj", "/CN=Paxman Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            await certificates.IssueAsync("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");

            // The broker runs as the mosquitto user: it must read its key (a test folder, not a unit's).
            File.SetUnixFileMode(certificates.ServerKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    /// <summary>Issues a client certificate with common name <paramref name="commonName"/>; returns its PEM files (the key mode 0600).</summary>
    public async Task<(string CertFile, string KeyFile)> IssueClientAsync(string commonName)
    {
        var name = "client-" + commonName;
        await IssueAsync(name, commonName, "extendedKeyUsage=clientAuth\n");
        return (_folder.File(name + ".pem"), _folder.File(name + ".key"));
    }

    public void Dispose() => _folder.Dispose();

    private async Task IssueAsync(string name, string commonName, string extensions)
    {
        var key = _folder.File(name + ".key");
        var request = _folder.File(name + ".csr");
        var extensionFile = _folder.File(name + ".ext");
        await File.WriteAllTextAsync(extensionFile, "basicConstraints=CA:FALSE\n" + extensions);
        await OpenSslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", request, "-subj", "/CN=" + commonName);
        await OpenSslAsync("x509", "-req", "-in", request, "-CA", CaFile, "-CAkey", _folder.File("ca.key"), "-CAcreateserial",
            "-out", _folder.File(name + ".pem"), "-days", "2", "-extfile", extensionFile);

        // A private key as a unit keeps one: only its owner reads it.
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        await using var openssl = ChildProcess.Start("openssl", arguments, workingDirectory: _folder.Path);
        var exit = await openssl.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (exit != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({exit}):\n{openssl.Output}");
        }
    }
}
