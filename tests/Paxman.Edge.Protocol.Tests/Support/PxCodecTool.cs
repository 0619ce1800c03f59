using System.Diagnostics;

namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>Runs the C codec's pxcodec filter once with every line batched on stdin (firmware-protocol/README.md).</summary>
internal static class PxCodecTool
{
    /// <summary>Runs <c>pxcodec {mode}</c>; one output line per input line.</summary>
    public static async Task<string[]> RunAsync(string mode, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        string tool = RepoPaths.PxCodec;
        Assert.True(
            File.Exists(tool),
            $"{tool} is missing. Build the C codec first: run `bash tests/run.sh`, or from the repository root " +
            "`cmake -S firmware-protocol/c -B firmware-protocol/c/build && cmake --build firmware-protocol/c/build`.");

        var start = new ProcessStartInfo(tool, mode)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("pxcodec did not start");

        // Read while writing: the pipes are bounded, and pxcodec answers line by line.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        process.StandardInput.NewLine = "\n";
        foreach (string line in lines)
        {
            await process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        string output = await stdout;
        string errors = await stderr;
        await process.WaitForExitAsync(cancellationToken);

        string[] result = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(result.Length == lines.Count, $"pxcodec {mode}: {lines.Count} lines in, {result.Length} out; stderr: {errors}");
        return result;
    }
}
