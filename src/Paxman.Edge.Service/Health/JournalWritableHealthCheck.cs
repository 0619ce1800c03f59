using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Service.Health;

/// <summary>Ready (<c>GET /readyz</c>), part three: the journal can write.</summary>
public sealed class JournalWritableHealthCheck(IJournal journal) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(journal.Faulted
            ? HealthCheckResult.Unhealthy("the journal cannot write: a write failed, and nothing more is recorded")
            : HealthCheckResult.Healthy("the journal is writable"));
}
