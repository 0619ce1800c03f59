using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Service.Health;

/// <summary>
/// Ready (<c>GET /readyz</c>), part three: the journal can write. Until the journal is registered (it arrives with
/// its issue) this check passes and says so: it does not hold readiness back for a part that does not exist yet.
/// </summary>
public sealed class JournalWritableHealthCheck(IServiceProvider services) : IHealthCheck
{
    /// <summary>The description while no journal is registered.</summary>
    public const string NotConfigured = "not configured yet: this build has no journal, so it does not block readiness";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var journal = services.GetService<IJournal>();
        return Task.FromResult(journal switch
        {
            null => HealthCheckResult.Healthy(NotConfigured),
            { Faulted: true } => HealthCheckResult.Unhealthy("the journal cannot write: a write failed, and nothing more is recorded"),
            _ => HealthCheckResult.Healthy("the journal is writable"),
        });
    }
}
