using Microsoft.Extensions.Configuration.Json;
using Paxman.Edge.Engine.Configuration;

namespace Paxman.Edge.Service.Hosting;

/// <summary>
/// The installed unit's configuration file, named by <c>PAXMAN_EDGE_CONFIG</c> (the systemd unit sets it to
/// <c>/etc/paxman-edge/appsettings.json</c>). Layers, last wins: the built-in defaults (appsettings.json beside the
/// executable), this file, the environment, the command line (README, "Running on the Linux board").
/// </summary>
public static class UnitConfigFile
{
    /// <summary>The environment variable naming the file.</summary>
    public const string Variable = "PAXMAN_EDGE_CONFIG";

    /// <summary>
    /// Inserts <paramref name="path"/> (when given) just after the built-in JSON files, before the environment and the
    /// command line. Throws <see cref="ConfigurationProblemException"/> naming the variable when the file is missing,
    /// not absolute or not valid JSON.
    /// </summary>
    public static void AddTo(IConfigurationBuilder configuration, string? path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new ConfigurationProblemException($"{Variable}: '{path}' is not an absolute path; name the unit's configuration file, e.g. /etc/paxman-edge/appsettings.json.");
        }

        if (!File.Exists(path))
        {
            throw new ConfigurationProblemException($"{Variable}: '{path}' does not exist; restore it from the package (apt-get install --reinstall paxman-edge).");
        }

        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        var sources = configuration.Sources;
        var after = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                after = i;
            }
        }

        try
        {
            // A ConfigurationManager loads the file here, so a broken file is reported before anything starts.
            sources.Insert(after + 1, source);
        }
        catch (InvalidDataException ex)
        {
            sources.Remove(source);
            throw new ConfigurationProblemException($"{Variable}: '{path}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
    }
}
