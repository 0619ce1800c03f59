namespace Paxman.Edge.TestKit;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Paxman.Edge.sln, found by walking up from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release), for sibling outputs.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";

    /// <summary>The service's built entry assembly.</summary>
    public static string ServiceDll => Path.Combine(Root, "src", "Paxman.Edge.Service", "bin", Configuration, "net10.0", "Paxman.Edge.Service.dll");

    /// <summary>The simulator's built entry assembly (<c>mcu --port PATH</c>, <c>run-scenario FILE</c>).</summary>
    public static string SimulatorDll => Path.Combine(Root, "simulator", "Paxman.Edge.Simulator", "bin", Configuration, "net10.0", "Paxman.Edge.Simulator.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Paxman.Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Paxman.Edge.sln not found above {AppContext.BaseDirectory}");
    }
}
