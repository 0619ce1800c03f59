namespace Paxman.Edge.Engine.Configuration;

/// <summary>
/// Reads a secret (the MQTT password, the technician PIN hash) from a file other users cannot read (README,
/// "Running on the Linux board"): owned by root, group the service user, mode 0640 or stricter.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OthersOrGroupWrite =
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.GroupWrite;

    /// <summary>
    /// The secret in <paramref name="path"/>, without one trailing line break; or null and the problem, naming
    /// <paramref name="key"/> and never the file's contents.
    /// </summary>
    public static string? Read(string key, string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(path);
        problem = null;
        try
        {
            if (!File.Exists(path))
            {
                problem = $"{key}: '{path}' does not exist; create it (mode 0640, owner root, group paxman-edge).";
                return null;
            }

            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersOrGroupWrite) != 0)
            {
                problem = $"{key}: '{path}' may be read or changed by other users; restrict it: chmod 0640 '{path}'.";
                return null;
            }

            var secret = File.ReadAllText(path);
            secret = secret.EndsWith("\r\n", StringComparison.Ordinal) ? secret[..^2]
                : secret.EndsWith('\n') ? secret[..^1] : secret;
            if (secret.Length == 0)
            {
                problem = $"{key}: '{path}' is empty.";
                return null;
            }

            return secret;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"{key}: cannot read '{path}': {ex.Message}";
            return null;
        }
    }
}
