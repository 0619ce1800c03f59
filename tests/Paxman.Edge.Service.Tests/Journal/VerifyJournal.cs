using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Journal;

/// <summary>Runs <c>Paxman.Edge.Service verify-journal</c> as a process, as an auditor would.</summary>
public static class VerifyJournal
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        await using var process = ChildProcess.Start("dotnet", [RepoPaths.ServiceDll, "verify-journal", .. arguments], Path.GetTempPath(),
            new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production", ["NO_COLOR"] = "1" });
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exit, process.Output);
    }
}
