namespace Paxman.Edge.TestKit;

/// <summary>
/// A secured broker for <see cref="MosquittoBroker.StartAsync"/>: no anonymous clients, accounts in a password file
/// made with the real <c>mosquitto_passwd -b -c</c>, an ACL file, and optionally a TLS listener with the test's CA
/// (and then, optionally, client certificates required). The lines written are those README's "Broker security" recommends.
/// </summary>
public sealed record MosquittoSecurity
{
    /// <summary>User name and password of each account.</summary>
    public required IReadOnlyDictionary<string, string> Users { get; init; }

    /// <summary>The ACL file's lines (<c>user</c>, <c>topic</c>, <c>pattern</c>).</summary>
    public required IReadOnlyList<string> Acl { get; init; }

    /// <summary>When set, the listener speaks TLS only, with this CA's broker certificate.</summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: clients must show a certificate signed by the CA (<c>require_certificate true</c>).</summary>
    public bool RequireCertificate { get; init; }

    /// <summary>Writes the password and ACL files into <paramref name="folder"/>; returns the listener's config lines.</summary>
    internal async Task<IReadOnlyList<string>> WriteConfigAsync(TempFolder folder)
    {
        var passwords = folder.File("passwords");
        var first = true;
        foreach (var (user, password) in Users)
        {
            string[] arguments = first ? ["-b", "-c", passwords, user, password] : ["-b", passwords, user, password];
            first = false;
            await using var tool = ChildProcess.Start("mosquitto_passwd", arguments);
            var exit = await tool.WaitForExitAsync(TimeSpan.FromSeconds(30));
            if (exit != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd failed ({exit}):\n{tool.Output}");
            }
        }

        var acl = folder.File("acl");
        await File.WriteAllLinesAsync(acl, Acl);

        // The broker drops to the mosquitto user: it must read both files.
        foreach (var file in (string[])[passwords, acl])
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        var lines = new List<string> { "allow_anonymous false", $"password_file {passwords}", $"acl_file {acl}" };
        if (Tls is not null)
        {
            lines.Add($"cafile {Tls.CaFile}");
            lines.Add($"certfile {Tls.ServerCertFile}");
            lines.Add($"keyfile {Tls.ServerKeyFile}");
            lines.Add("tls_version tlsv1.2");
            lines.Add($"require_certificate {(RequireCertificate ? "true" : "false")}");
        }

        return lines;
    }
}
