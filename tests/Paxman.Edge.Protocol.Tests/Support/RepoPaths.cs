namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>Paths in the repository, found by walking up from the test binary to Paxman.Edge.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Vectors => Path.Combine(Root, "firmware-protocol", "test-vectors", "vectors.txt");

    public static string InvalidVectors => Path.Combine(Root, "firmware-protocol", "test-vectors", "invalid.txt");

    public static string ProtocolMd => Path.Combine(Root, "firmware-protocol", "protocol.md");

    public static string PxCodec => Path.Combine(Root, "firmware-protocol", "c", "build", "pxcodec");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Paxman.Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Paxman.Edge.sln not found above {AppContext.BaseDirectory}.");
    }
}
