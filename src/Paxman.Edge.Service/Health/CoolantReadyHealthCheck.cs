using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Health;

/// <summary>Ready (<c>GET /readyz</c>), part one: the coolant has been at its setpoint long enough to treat.</summary>
public sealed class CoolantReadyHealthCheck(TickEngine engine) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = engine.State;
        var data = new Dictionary<string, object>();
        if (state.Coolant?.SupplyC is { } supply)
        {
            data["supplyC"] = supply;
        }

        if (state.Coolant?.SetpointC is { } setpoint)
        {
            data["setpointC"] = setpoint;
        }

        return Task.FromResult(state.Ready == true
            ? HealthCheckResult.Healthy("the coolant is at its setpoint", data)
            : HealthCheckResult.Unhealthy("the coolant is not at its setpoint yet (chilling down, or the unit is in its safe state)", data: data));
    }
}
