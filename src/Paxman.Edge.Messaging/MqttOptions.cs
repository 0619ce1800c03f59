using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paxman.Edge.Messaging;

/// <summary>Configuration section <c>Mqtt</c> (README, "Configuration"). The password is a secret: never log it.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";
    public const string Embedded = "embedded";
    public const int DefaultPort = 1883;

    private const UnixFileMode OthersOrGroupWrite =
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.GroupWrite;

    /// <summary><c>embedded</c> runs MQTTnet's broker in-process on 127.0.0.1; otherwise a host name or address.</summary>
    public string Broker { get; set; } = Embedded;

    /// <summary>The broker's port; for the embedded broker, the port it listens on.</summary>
    public int Port { get; set; } = DefaultPort;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    /// <summary>PEM file of the certificate authority that signed the broker's certificate.</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// PEM file of the unit's client certificate, for a broker that requires one (<c>require_certificate true</c>).
    /// Read on every connect, so a renewed certificate is used from the next reconnect on.
    /// </summary>
    public string? ClientCertFile { get; set; }

    /// <summary>
    /// PEM file of the client certificate's private key (a secret: other users may not read it); when not set the key
    /// is read from <see cref="ClientCertFile"/> itself.
    /// </summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>True when the unit runs its own broker.</summary>
    public bool IsEmbedded => string.Equals(Broker, Embedded, StringComparison.OrdinalIgnoreCase);

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Broker) || (!IsEmbedded && Uri.CheckHostName(Broker) == UriHostNameType.Unknown))
        {
            yield return $"Mqtt:Broker: '{Broker}' is neither 'embedded' nor a host name or address.";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"Mqtt:Port: {Port} is out of range; use 1 to 65535.";
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            yield return "Mqtt:Password: set without Mqtt:Username; set both or neither.";
        }

        if (IsEmbedded && UseTls)
        {
            yield return "Mqtt:UseTls: the embedded broker serves plain MQTT on 127.0.0.1 only; set Mqtt:Broker to a TLS broker's host name.";
        }

        if (!string.IsNullOrEmpty(CaFile))
        {
            if (!UseTls)
            {
                yield return "Mqtt:CaFile: set while Mqtt:UseTls is false; enable TLS or remove the CA file.";
            }
            else if (ReadProblem(CaFile) is { } problem)
            {
                yield return $"Mqtt:CaFile: cannot read '{CaFile}': {problem}";
            }
            else if (CertificateCount(CaFile) == 0)
            {
                yield return $"Mqtt:CaFile: '{CaFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).";
            }
        }

        foreach (var problem in ValidateClientCertificate())
        {
            yield return problem;
        }
    }

    /// <summary>
    /// The client certificate with its private key, from <see cref="ClientCertFile"/> and <see cref="ClientKeyFile"/>
    /// (or the key in the certificate's own file); null when no client certificate is configured.
    /// </summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The files hold no certificate and matching key.</exception>
    public X509Certificate2? LoadClientCertificate()
    {
        if (string.IsNullOrEmpty(ClientCertFile))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(ClientCertFile, string.IsNullOrEmpty(ClientKeyFile) ? null : ClientKeyFile);
        }
        catch (ArgumentException ex)
        {
            // A key that is not the certificate's comes out as an ArgumentException: one failure type for callers.
            throw new CryptographicException(ex.Message, ex);
        }
    }

    private IEnumerable<string> ValidateClientCertificate()
    {
        if (string.IsNullOrEmpty(ClientCertFile))
        {
            if (!string.IsNullOrEmpty(ClientKeyFile))
            {
                yield return "Mqtt:ClientKeyFile: set without Mqtt:ClientCertFile; set the certificate too, or remove the key.";
            }

            yield break;
        }

        if (!UseTls)
        {
            yield return "Mqtt:ClientCertFile: set while Mqtt:UseTls is false; a client certificate needs TLS.";
            yield break;
        }

        if (ReadProblem(ClientCertFile) is { } certProblem)
        {
            yield return $"Mqtt:ClientCertFile: cannot read '{ClientCertFile}': {certProblem}";
            yield break;
        }

        // The private key is a secret, kept like Mqtt:PasswordFile (README, "Configuration and secrets").
        var (keyKey, keyPath) = string.IsNullOrEmpty(ClientKeyFile) ? ("Mqtt:ClientCertFile", ClientCertFile) : ("Mqtt:ClientKeyFile", ClientKeyFile);
        if (ReadProblem(keyPath) is { } keyProblem)
        {
            yield return $"{keyKey}: cannot read '{keyPath}': {keyProblem}";
            yield break;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & OthersOrGroupWrite) != 0)
        {
            yield return $"{keyKey}: '{keyPath}' holds the private key and may be read or changed by other users; restrict it: chmod 0640 '{keyPath}'.";
            yield break;
        }

        string? loadProblem = null;
        try
        {
            using var certificate = LoadClientCertificate();
        }
        catch (CryptographicException ex)
        {
            loadProblem = ex.Message;
        }

        if (loadProblem is not null)
        {
            yield return $"Mqtt:ClientCertFile: '{ClientCertFile}' and the key in '{keyPath}' are not a PEM certificate and its private key: {loadProblem}";
        }
    }

    private static string? ReadProblem(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return stream.Length == 0 ? "the file is empty" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ex.Message;
        }
    }

    private static int CertificateCount(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
            return collection.Count;
        }
        catch (CryptographicException)
        {
            return 0;
        }
        finally
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }
        }
    }
}
