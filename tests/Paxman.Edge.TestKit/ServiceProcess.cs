using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Paxman.Edge.TestKit;

/// <summary>
/// The unit's service started as a real process on free ports with its own data folder, as systemd would run it.
/// On dispose it fails the test if the service logged an Error or Critical line the test did not expect.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempFolder? _data;
    private readonly List<Func<string, bool>> _expectedErrors = [];

    private ServiceProcess(ChildProcess process, TempFolder? data, int httpPort, int mqttPort)
    {
        _process = process;
        _data = data;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int HttpPort { get; }

    /// <summary>The embedded broker's port (or the external broker's, when one was given).</summary>
    public int MqttPort { get; }

    public HttpClient Http { get; }

    public ChildProcess Process => _process;

    public string Output => _process.Output;

    /// <summary>
    /// Starts the built service. <paramref name="arguments"/> come after the defaults and so override them.
    /// </summary>
    /// <param name="arguments">Extra command-line configuration, e.g. <c>--Unit:Id=PX-T-1</c>.</param>
    /// <param name="httpPort">The HTTP port; a free one if null.</param>
    /// <param name="mqttPort">The MQTT port (embedded broker's listener); a free one if null.</param>
    /// <param name="workingDirectory">Where the process starts; a fresh temp folder (holding ./data) if null.</param>
    /// <param name="environment">Extra environment variables, e.g. NOTIFY_SOCKET.</param>
    /// <param name="executable">An installed service executable (a package's); the built service's dll under <c>dotnet</c> if null.</param>
    public static ServiceProcess Start(IEnumerable<string>? arguments = null, int? httpPort = null, int? mqttPort = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? executable = null)
    {
        var http = httpPort ?? FreePort.Next();
        var mqtt = mqttPort ?? FreePort.Next();
        var data = workingDirectory is null ? new TempFolder("paxman-service") : null;
        var args = new List<string>();
        if (executable is null)
        {
            args.Add(RepoPaths.ServiceDll);
        }

        args.AddRange(
        [
            "--urls", $"http://127.0.0.1:{http}",
            $"--Mqtt:Port={mqtt.ToString(CultureInfo.InvariantCulture)}",
        ]);
        args.AddRange(arguments ?? []);
        var variables = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production", ["NO_COLOR"] = "1" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var process = ChildProcess.Start(executable ?? "dotnet", args, workingDirectory ?? data!.Path, variables);
        return new ServiceProcess(process, data, http, mqtt);
    }

    /// <summary>
    /// The Error and Critical entries of the console log: a "fail:" or "crit:" line with the indented lines after it.
    /// </summary>
    public static IEnumerable<string> ErrorEntries(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("fail:", StringComparison.Ordinal) && !lines[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                continue;
            }

            var entry = new List<string> { lines[i] };
            while (i + 1 < lines.Count && lines[i + 1].StartsWith(' '))
            {
                entry.Add(lines[++i]);
            }

            yield return string.Join('\n', entry);
        }
    }

    /// <summary>Lets an Error or Critical entry containing <paramref name="fragment"/> be logged at Error or Critical without failing the test.</summary>
    public void ExpectErrorLog(string fragment) => _expectedErrors.Add(line => line.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Waits until <c>GET /api/status</c> answers and returns it.</summary>
    public async Task<JsonElement> WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited ({_process.ExitCode}) before it was ready:\n{Output}");
            }

            try
            {
                return await Http.GetFromJsonAsync<JsonElement>("/api/status");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Still starting: ask again shortly (waiting for a real process, not for time to pass).
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits until the status shows the broker connected (the retained online status has been published).</summary>
    public async Task<JsonElement> WaitUntilBrokerConnectedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await WaitUntilReadyAsync(timeout);
            if (status.GetProperty("broker").GetProperty("connected").GetBoolean())
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"broker not connected:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code (at most <paramref name="timeout"/>, default 10 s).</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        _process.Terminate();
        return await _process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits for the process to exit by itself (a refused start-up).</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        _data?.Dispose();
        var unexpected = ErrorEntries(_process.Lines)
            .Where(entry => !_expectedErrors.Any(expected => expected(entry)))
            .ToList();
        Assert.True(unexpected.Count == 0, $"the service logged errors the test did not expect:\n{string.Join('\n', unexpected)}\n--- output ---\n{Output}");
    }
}
