using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Health;

/// <summary>Ready (<c>GET /readyz</c>), part two: the chiller MCU's link is up (fresh STATUS frames arrive).</summary>
public sealed class McuLinkedHealthCheck(TickEngine engine) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine.State.McuLinked == true
            ? HealthCheckResult.Healthy("the chiller MCU is linked")
            : HealthCheckResult.Unhealthy("the chiller MCU is not linked: no fresh STATUS from it"));
}
