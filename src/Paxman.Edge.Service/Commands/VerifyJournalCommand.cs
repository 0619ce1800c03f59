using System.Globalization;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Service.Commands;

/// <summary>
/// <c>verify-journal [--path DIR]</c> (README, "Journal"): checks a journal's rows and its records' hash chain and names
/// the first broken link. It starts no host, opens no port and changes nothing. Exit codes: 0 intact, 1 broken,
/// 2 bad arguments or no journal there.
/// </summary>
internal static class VerifyJournalCommand
{
    public const string Name = "verify-journal";

    public const int Intact = 0;
    public const int Broken = 1;
    public const int Usage = 2;

    private const string UsageText = "usage: verify-journal [--path DIR]   (DIR defaults to ./data, the default Storage:Path)";

    /// <summary>True when the command line asks for this command (its first argument).</summary>
    public static bool IsInvoked(string[] args) => args is [Name, ..];

    /// <summary>Runs the command on the arguments after its name; returns the exit code.</summary>
    public static int Run(ReadOnlySpan<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryReadPath(args, out var path, out var problem))
        {
            error.WriteLine($"verify-journal: {problem}");
            error.WriteLine(UsageText);
            return Usage;
        }

        if (path is null)
        {
            output.WriteLine(UsageText);
            return Intact;
        }

        var folder = Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"verify-journal: there is no folder {folder}; give the journal's folder with --path (Storage:Path).");
            return Usage;
        }

        if (!File.Exists(Path.Combine(folder, "journal.db")))
        {
            error.WriteLine($"verify-journal: there is no journal.db in {folder}; give the journal's folder with --path (Storage:Path).");
            return Usage;
        }

        JournalVerification result;
        try
        {
            result = JournalVerifier.Verify(folder, RecordChain.ComputeHash);
        }
        catch (SqliteException ex)
        {
            output.WriteLine($"journal BROKEN in {folder}: the file cannot be read as a journal ({ex.Message})");
            return Broken;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"verify-journal: cannot read the journal in {folder}: {ex.Message}");
            return Usage;
        }

        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{result.RecordsChecked} {(result.RecordsChecked == 1 ? "record" : "records")} and {result.RowsChecked} {(result.RowsChecked == 1 ? "row" : "rows")} checked");
        if (result.Intact)
        {
            output.WriteLine($"journal intact in {folder}: {counts}");
            return Intact;
        }

        output.WriteLine($"journal BROKEN in {folder}: first broken link: {result.FirstBrokenLink?.Description ?? "unknown"} ({counts})");
        return Broken;
    }

    // --path DIR or --path=DIR; null path (no error) for --help.
    private static bool TryReadPath(ReadOnlySpan<string> args, out string? path, out string? problem)
    {
        path = StorageOptions.DefaultPath;
        problem = null;
        var given = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                path = null;
                return true;
            }

            string? value;
            if (arg == "--path")
            {
                value = i + 1 < args.Length ? args[++i] : null;
            }
            else if (arg.StartsWith("--path=", StringComparison.Ordinal))
            {
                value = arg["--path=".Length..];
            }
            else
            {
                problem = $"unknown argument '{arg}'.";
                return false;
            }

            if (string.IsNullOrWhiteSpace(value) || given)
            {
                problem = given ? "--path given twice." : "--path needs a folder.";
                return false;
            }

            given = true;
            path = value;
        }

        return true;
    }
}
