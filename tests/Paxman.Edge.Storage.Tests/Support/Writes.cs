using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage.Tests.Support;

/// <summary>Journal writes as the engine makes them.</summary>
public static class Writes
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    public static SessionRowWrite Row(string sessionId, string kind, int second, string? detail = null, string? operatorId = null, string channel = "A") =>
        new(sessionId, channel, kind, T0.AddSeconds(second).AddTicks(1234), TimeSpan.FromSeconds(second) + TimeSpan.FromTicks(7), operatorId, detail,
            $$"""{"phase":"{{kind}}","second":{{second}}}""");

    public static AlarmWrite Alarm(string alarmId, string state, int second, string message = "Coolant flow lost", string? channel = "A", bool historical = false) =>
        new(alarmId, "flow-loss", "high", state, channel, T0.AddSeconds(second), message, historical);

    public static UnitCheckpointWrite Checkpoint(int second, string bootId = "boot-1") =>
        new(TimeSpan.FromSeconds(second), T0.AddSeconds(second), 1_000_000_000L * second + 17, 1_000_000_000L, bootId);
}
