using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Options;

namespace Paxman.Edge.Service.Logging;

/// <summary>
/// The unit's logging (README, "Logs"): secrets and patient references redacted in every provider, the level
/// switchable at run time (<see cref="LogLevelSwitch"/>), and under systemd the console in journald's format.
/// </summary>
public static class EdgeLogging
{
    /// <summary>Adds redaction of <see cref="EdgeTaxonomy"/>'s classes and the run-time <see cref="LogLevelSwitch"/>.</summary>
    public static ILoggingBuilder AddEdgeLogging(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<PresenceRedactor>(new DataClassificationSet(EdgeTaxonomy.Secret), new DataClassificationSet(EdgeTaxonomy.PatientReference));
            // A class nobody mapped is redacted too: an unknown classification is never logged as it is.
            redaction.SetFallbackRedactor<PresenceRedactor>();
        });
        logging.EnableRedaction();

        logging.Services.AddSingleton<LogLevelSwitch>();
        logging.Services.AddSingleton<Paxman.Edge.Engine.Diagnostics.ILogLevelControl>(sp => sp.GetRequiredService<LogLevelSwitch>());
        logging.Services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(sp => sp.GetRequiredService<LogLevelSwitch>());
        logging.Services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(sp => sp.GetRequiredService<LogLevelSwitch>());
        return logging;
    }
}
