using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Unattended;

/// <summary>Writes files as a technician would put secrets and the unit's configuration on the board.</summary>
internal static class SecretFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode ServiceGroup = OwnerOnly | UnixFileMode.GroupRead;

    public const UnixFileMode EveryUser = ServiceGroup | UnixFileMode.OtherRead;

    public static string Write(TempFolder folder, string name, string contents, UnixFileMode mode)
    {
        var path = folder.File(name);
        File.WriteAllText(path, contents);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
