using System.Diagnostics;

namespace Paxman.Edge.TestKit;

/// <summary>
/// A real process a test starts (a broker, socat, the service): its output lines are collected as they come,
/// it can be sent SIGTERM, and it is killed on dispose if still running, so no test leaves one behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _lineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Raised on a thread-pool thread for each line as it arrives (for measuring when).</summary>
    public event Action<string>? LineReceived;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written so far to stdout and stderr, in arrival order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>Starts <paramref name="fileName"/>; output is captured, stdin is closed.</summary>
    /// <param name="keepStdinOpen">Keep stdin open for <see cref="WriteLineAsync"/>; otherwise it is closed at once.</param>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, bool keepStdinOpen = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{fileName} did not start");
        }

        if (!keepStdinOpen)
        {
            process.StandardInput.Close();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until a line matching <paramref name="predicate"/> has been written, or fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var match = _lines.FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }

                arrived = _lineArrived.Task;
            }

            if (_exited.Task.IsCompleted)
            {
                // WaitForExitAsync drains the output readers: the last lines are in after it.
                await _process.WaitForExitAsync(CancellationToken.None);
                lock (_gate)
                {
                    return _lines.FirstOrDefault(predicate)
                        ?? throw new InvalidOperationException($"process exited ({_process.ExitCode}) without a matching line; output:\n{Output}");
                }
            }

            try
            {
                await Task.WhenAny(arrived, _exited.Task).WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout.TotalSeconds} s; output so far:\n{Output}");
            }
        }
    }

    /// <summary>Writes one line to the process's stdin (started with keepStdinOpen).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Lines written so far that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> LinesStartingWith(string prefix) => Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Sends SIGTERM, as systemd does on stop.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends SIGKILL: the process dies with no chance to clean up, as on a crash.</summary>
    public void KillHard() => Signal("KILL");

    /// <summary>Waits for exit; throws <see cref="TimeoutException"/> if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"process {_process.Id} still running after {timeout.TotalSeconds} s; output:\n{Output}");
        }

        // Drains the asynchronous output readers.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        kill.WaitForExit();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource arrived;
        lock (_gate)
        {
            _lines.Add(line);
            arrived = _lineArrived;
            _lineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
        LineReceived?.Invoke(line);
    }
}
