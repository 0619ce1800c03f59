using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Service.Logging;

namespace Paxman.Edge.Service;

/// <summary>Messages the service logs while it starts.</summary>
public static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown configuration key {Key} is ignored; check its spelling")]
    public static partial void UnknownKey(ILogger logger, string key);

    /// <summary>
    /// What the unit runs with, for the technician reading the journal. The secrets are classified: the line shows
    /// <c>***</c> for one that is set and nothing for one that is not (README, "Logs").
    /// </summary>
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Unit {UnitId}, {Mode} hardware, MQTT broker {Broker}:{Port} as '{MqttUsername}' (password '{MqttPassword}'), patient reference key '{PatientRefKey}', technician PIN hash '{TechnicianPinHash}', data in {StoragePath}")]
    public static partial void Configured(ILogger logger, string unitId, HardwareMode mode, string broker, int port, string? mqttUsername,
        [SecretData] string? mqttPassword, [SecretData] string? patientRefKey, [SecretData] string? technicianPinHash, string storagePath);
}
