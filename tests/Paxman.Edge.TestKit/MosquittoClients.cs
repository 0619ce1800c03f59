namespace Paxman.Edge.TestKit;

/// <summary>The real mosquitto_sub and mosquitto_pub clients, as a technician's tools would connect.</summary>
public static class MosquittoClients
{
    /// <summary>
    /// Starts <c>mosquitto_sub -v</c> (MQTT 5) on <paramref name="topic"/> and returns once the broker has
    /// acknowledged the subscription; each message then arrives as a line "topic payload" (debug lines, from
    /// <c>-d</c>, start with "Client "). A client id is always given: the embedded broker refuses empty ones.
    /// </summary>
    public static async Task<ChildProcess> SubscribeAsync(int port, string topic, int qos = 1)
    {
        // stdbuf: mosquitto_sub's debug lines are block-buffered on a pipe.
        var sub = ChildProcess.Start("stdbuf",
        [
            "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-V", "mqttv5", "-i", "test-sub-" + Guid.NewGuid().ToString("N")[..8], "-d",
            "-q", qos.ToString(System.Globalization.CultureInfo.InvariantCulture), "-v", "-t", topic,
        ]);
        await sub.WaitForLineAsync(line => line.Contains("received SUBACK", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return sub;
    }

    /// <summary>Reads the retained message on <paramref name="topic"/> (or fails after <paramref name="timeout"/>).</summary>
    public static async Task<string> ReadRetainedAsync(int port, string topic, TimeSpan timeout)
    {
        await using var sub = ChildProcess.Start("mosquitto_sub",
        [
            "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-V", "mqttv5", "-i", "test-ret-" + Guid.NewGuid().ToString("N")[..8],
            "-v", "-t", topic, "-C", "1", "--retained-only", "-W", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        var exit = await sub.WaitForExitAsync(timeout + TimeSpan.FromSeconds(5));
        if (exit != 0 || sub.Lines.Count == 0)
        {
            throw new InvalidOperationException($"no retained message on {topic} (mosquitto_sub exit {exit}): {sub.Output}");
        }

        return sub.Lines[0];
    }
}
