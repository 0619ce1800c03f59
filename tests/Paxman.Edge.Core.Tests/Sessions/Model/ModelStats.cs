using System.Globalization;

namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>What the generated sequences reached (counted across CsCheck's threads), so the test can tell it covered the table.</summary>
internal sealed class ModelStats
{
    private long _sequences;
    private long _ticks;
    private long _records;
    private long _completed;
    private long _completedWithInterruptions;
    private long _finishedEarly;
    private long _aborted;
    private long _windowAborts;
    private long _refusals;
    private long _restarts;
    private long _resumes;
    private long _capOffLong;

    public long Sequences => Interlocked.Read(ref _sequences);

    public long Records => Interlocked.Read(ref _records);

    public long Completed => Interlocked.Read(ref _completed);

    public long CompletedWithInterruptions => Interlocked.Read(ref _completedWithInterruptions);

    public long FinishedEarly => Interlocked.Read(ref _finishedEarly);

    public long Aborted => Interlocked.Read(ref _aborted);

    public long WindowAborts => Interlocked.Read(ref _windowAborts);

    public long Refusals => Interlocked.Read(ref _refusals);

    public long Restarts => Interlocked.Read(ref _restarts);

    public long Resumes => Interlocked.Read(ref _resumes);

    public long CapOffLong => Interlocked.Read(ref _capOffLong);

    public void Refusal() => Interlocked.Increment(ref _refusals);

    public void Restart() => Interlocked.Increment(ref _restarts);

    public void Resume() => Interlocked.Increment(ref _resumes);

    public void Sequence(long ticks, IReadOnlyList<ModelSession> ended, bool capOffLong)
    {
        Interlocked.Increment(ref _sequences);
        Interlocked.Add(ref _ticks, ticks);
        Interlocked.Add(ref _records, ended.Count);
        if (capOffLong)
        {
            Interlocked.Increment(ref _capOffLong);
        }

        foreach (var s in ended)
        {
            switch (s.Outcome)
            {
                case "completed":
                    Interlocked.Increment(ref _completed);
                    if (s.Interruptions.Exists(i => i.End > i.Start && i.End > s.PhaseSpan("postcool")!.Start))
                    {
                        Interlocked.Increment(ref _completedWithInterruptions);
                    }

                    break;
                case "finished-early":
                    Interlocked.Increment(ref _finishedEarly);
                    break;
                default:
                    Interlocked.Increment(ref _aborted);
                    if (s.AbortReason is "power-loss" or "stop-button")
                    {
                        Interlocked.Increment(ref _windowAborts);
                    }

                    break;
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Sequences} sequences, {Interlocked.Read(ref _ticks)} ticks, {Records} records ({Completed} completed, {CompletedWithInterruptions} of them interrupted in post-cool; {FinishedEarly} finished early; {Aborted} aborted, {WindowAborts} by the resume window), {Refusals} refusals, {Restarts} restarts, {Resumes} resumes, {CapOffLong} sequences raised cap-off-long");
}
