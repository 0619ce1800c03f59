namespace Paxman.Edge.Messaging;

/// <summary>Configuration section <c>Mqtt</c> (README, "Configuration"). The password is a secret: never log it.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";
    public const string Embedded = "embedded";
    public const int DefaultPort = 1883;

    /// <summary><c>embedded</c> runs MQTTnet's broker in-process on 127.0.0.1; otherwise a host name or address.</summary>
    public string Broker { get; set; } = Embedded;

    /// <summary>The broker's port; for the embedded broker, the port it listens on.</summary>
    public int Port { get; set; } = DefaultPort;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    /// <summary>PEM file of the certificate authority that signed the broker's certificate.</summary>
    public string? CaFile { get; set; }

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
}
