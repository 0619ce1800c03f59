using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Journal;

/// <summary><c>verify-journal</c> as a process: its exit codes and one-line summary, on journals written by the real journal.</summary>
public sealed class VerifyJournalCommandTests
{
    [Fact]
    public async Task VerifyJournal_IntactJournal_ExitsZeroWithASummaryAndChangesNoByte()
    {
        using var folder = new TempFolder("paxman-verify");
        TestJournal.Write(folder.Path, records: 3);
        var before = Contents(folder.Path);

        var (exit, output) = await VerifyJournal.RunAsync("--path", folder.Path);

        Assert.True(exit == 0, output);
        Assert.Contains("journal intact", output, StringComparison.Ordinal);
        Assert.Contains("3 records and", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("listening", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, Contents(folder.Path));
    }

    [Theory]
    [InlineData(false, "checksum")]
    [InlineData(true, "hash")]
    public async Task VerifyJournal_RecordEdited_ExitsOneNamingTheRecord(bool fixChecksum, string problem)
    {
        using var folder = new TempFolder("paxman-verify");
        var ids = TestJournal.Write(folder.Path, records: 3);
        // A second 97009 unit billed that was never delivered.
        RecordTamper.ReplaceInRecord(folder.Path, ids[1], "{\"code\":\"97008\",\"units\":1}", "{\"code\":\"97008\",\"units\":1},{\"code\":\"97009\",\"units\":1}", fixChecksum);

        var (exit, output) = await VerifyJournal.RunAsync($"--path={folder.Path}");

        Assert.True(exit == 1, output);
        Assert.Contains("journal BROKEN", output, StringComparison.Ordinal);
        Assert.Contains(ids[1], output, StringComparison.Ordinal);
        Assert.Contains(problem, output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task VerifyJournal_DefaultPath_IsDataInTheCurrentDirectory()
    {
        using var folder = new TempFolder("paxman-verify");
        TestJournal.Write(Path.Combine(folder.Path, "data"), records: 1);

        await using var process = ChildProcess.Start("dotnet", [RepoPaths.ServiceDll, "verify-journal"], folder.Path);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, process.Output);
        Assert.Contains(Path.Combine(folder.Path, "data"), process.Output, StringComparison.Ordinal);
        Assert.Contains("1 record and", process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing folder", "there is no folder")]
    [InlineData("empty folder", "there is no journal.db")]
    [InlineData("--path", "--path needs a folder")]
    [InlineData("--verbose", "unknown argument '--verbose'")]
    public async Task VerifyJournal_BadArgumentsOrNoJournal_ExitsTwo(string argument, string message)
    {
        using var folder = new TempFolder("paxman-verify");
        string[] arguments = argument switch
        {
            "missing folder" => ["--path", Path.Combine(folder.Path, "nowhere")],
            "empty folder" => ["--path", folder.Path],
            _ => [argument],
        };

        var (exit, output) = await VerifyJournal.RunAsync(arguments);

        Assert.True(exit == 2, output);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "nowhere")), "verify-journal created nothing");
    }

    private static Dictionary<string, string> Contents(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(File.ReadAllBytes(f)));
}
