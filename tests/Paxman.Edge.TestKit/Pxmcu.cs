using System.Diagnostics;

namespace Paxman.Edge.TestKit;

/// <summary>
/// The C reference MCU core's host build, <c>pxmcu --port PATH</c> (firmware-protocol/c/tools/pxmcu.c), built with
/// CMake into firmware-protocol/c/build (as tests/run.sh does) before a test starts it on a pty. It takes the C#
/// emulator process's options and stdin commands and prints the same event lines.
/// </summary>
public static class Pxmcu
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _built;

    public static string BuildFolder => Path.Combine(RepoPaths.Root, "firmware-protocol", "c", "build");

    /// <summary>Builds pxmcu if it is missing or out of date (once per test process) and returns its path.</summary>
    public static async Task<string> BuildAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_built is not null)
            {
                return _built;
            }

            Directory.CreateDirectory(BuildFolder);
            // Another test process may build at the same time: one at a time, across processes.
            await using var fileLock = await LockAsync(Path.Combine(BuildFolder, ".pxmcu-build.lock"));
            // Configured every time (cheap when nothing changed): a build folder from before pxmcu existed has no target for it.
            await RunAsync("cmake", ["-S", Path.Combine(RepoPaths.Root, "firmware-protocol", "c"), "-B", BuildFolder, "-DCMAKE_BUILD_TYPE=Release"]);

            await RunAsync("cmake", ["--build", BuildFolder, "--target", "pxmcu"]);
            _built = Path.Combine(BuildFolder, "pxmcu");
            return _built;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Starts pxmcu on <paramref name="port"/> and waits for its <c>ready</c> line.</summary>
    public static async Task<ChildProcess> StartAsync(string port, TimeSpan wait, params string[] extra)
    {
        var binary = await BuildAsync();
        var mcu = ChildProcess.Start(binary, ["--port", port, .. extra], keepStdinOpen: true);
        await mcu.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), wait);
        return mcu;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (i < 600)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }
}
