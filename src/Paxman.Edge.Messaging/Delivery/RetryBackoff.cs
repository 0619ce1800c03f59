namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// Exponential backoff with jitter, capped: the n-th delay is drawn uniformly from the upper half of
/// min(cap, first × 2^n) ("equal jitter"), so retries from many units spread out and none waits longer than the cap.
/// </summary>
/// <remarks>
/// Written here rather than taken from Polly (which the connection manager uses for its reconnects): a Polly retry
/// pipeline sleeps inside its own execution, while an outbox must hand its next retry time back as a value, because the
/// scenario runner drains it in lock-step on device time and can never sleep (README, "The connection manager").
/// The jitter comes from the given <see cref="Random"/>, seeded in the runner so that its runs repeat exactly.
/// </remarks>
public sealed class RetryBackoff(TimeSpan first, TimeSpan cap, Random random)
{
    private int _attempt;

    /// <summary>The cap of every delay.</summary>
    public TimeSpan Cap => cap;

    /// <summary>The next delay; each call doubles the ceiling until it reaches the cap.</summary>
    public TimeSpan Next()
    {
        var ceiling = Math.Min(cap.Ticks, first.Ticks * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromTicks((long)(ceiling / 2 + random.NextDouble() * ceiling / 2));
    }

    /// <summary>A success: the next failure starts again from the first delay.</summary>
    public void Reset() => _attempt = 0;
}
