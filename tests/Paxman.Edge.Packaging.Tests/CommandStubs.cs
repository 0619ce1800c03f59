using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>
/// Stand-ins for the commands the maintainer scripts call (getent, adduser, addgroup, chown, chmod, udevadm,
/// deb-systemd-helper, deb-systemd-invoke, systemctl): each records its arguments and changes nothing on this
/// machine. getent knows the groups dialout and spi (as on plain Debian with spidev), not gpio, until addgroup
/// creates it; and the user once adduser --system did; deb-systemd-helper knows the unit once it enabled it.
/// </summary>
public sealed class CommandStubs : IDisposable
{
    private readonly TempFolder _folder = new("paxman-stubs");

    public CommandStubs()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(State);
        const string record = "echo \"$(basename \"$0\") $*\" >> \"$STUB_LOG\"\n";
        Stub("getent", record + """
            case "$1 $2" in
              "group dialout"|"group spi") exit 0 ;;
              "group gpio") [ -f "$STUB_STATE/group-gpio" ] && exit 0; exit 2 ;;
              "passwd paxman-edge") [ -f "$STUB_STATE/user" ] && exit 0; exit 2 ;;
            esac
            exit 2
            """);
        Stub("addgroup", record + "for last; do :; done; touch \"$STUB_STATE/group-$last\"\n");
        Stub("adduser", record + "case \" $* \" in *\" --system \"*) touch \"$STUB_STATE/user\" ;; esac\n");
        foreach (var name in new[] { "chown", "chmod", "udevadm", "deb-systemd-invoke", "systemctl" })
        {
            Stub(name, record);
        }

        // deb-systemd-helper answers its questions (debian-installed, was-enabled) "no" until it has enabled the unit:
        // a first install, then an upgrade.
        Stub("deb-systemd-helper", record + """
            [ "$1" = --quiet ] && shift
            case "$1" in
              enable) touch "$STUB_STATE/unit-enabled" ;;
              debian-installed|was-enabled) [ -f "$STUB_STATE/unit-enabled" ] && exit 0; exit 1 ;;
            esac
            """);
    }

    private string Bin => Path.Combine(_folder.Path, "bin");

    private string State => Path.Combine(_folder.Path, "state");

    private string Log => Path.Combine(_folder.Path, "calls.log");

    /// <summary>The environment that puts the stand-ins first on PATH.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PATH"] = $"{Bin}:/usr/sbin:/usr/bin:/sbin:/bin",
        ["STUB_LOG"] = Log,
        ["STUB_STATE"] = State,
    };

    /// <summary>Every call so far, "name arguments", in order.</summary>
    public IReadOnlyList<string> Calls => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    /// <summary>Forgets the calls so far (the state, such as the user created, stays).</summary>
    public void ClearCalls() => File.Delete(Log);

    public void Dispose() => _folder.Dispose();

    private void Stub(string name, string body)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
