using System.Globalization;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>One line of <c>dpkg-deb --contents</c>: <c>-rwxr-xr-x root/root 123 2026-01-05 13:00 ./usr/lib/...</c>.</summary>
public sealed record PackageEntry(string Path, string Mode, string Owner, long Size)
{
    public bool IsDirectory => Mode[0] == 'd';

    /// <summary>Parses the whole listing, keyed by absolute path without a trailing slash.</summary>
    public static IReadOnlyDictionary<string, PackageEntry> ParseListing(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var entries = new Dictionary<string, PackageEntry>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6)
            {
                continue;
            }

            var path = fields[5].TrimStart('.').TrimEnd('/');
            var arrow = path.IndexOf(" -> ", StringComparison.Ordinal);
            path = arrow >= 0 ? path[..arrow] : path;
            entries[path.Length == 0 ? "/" : path] = new PackageEntry(path, fields[0], fields[1], long.Parse(fields[2], CultureInfo.InvariantCulture));
        }

        return entries;
    }
}
