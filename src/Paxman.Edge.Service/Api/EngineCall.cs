using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// A request run on the engine's thread through <see cref="TickEngine.PostAsync{T}"/>, which answers only once what
/// it journaled is durable (README, "Journal"). The result is kept even when the journal then fails, so that a refusal
/// (which changed nothing) is still answered as a refusal, and an action that did take effect is reported as such.
/// </summary>
internal sealed class EngineCall<T>
    where T : class
{
    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(3);

    private T? _result;

    private EngineCall()
    {
    }

    /// <summary>What the function returned; null when it did not run (<see cref="EngineCallStatus.NoAnswer"/>).</summary>
    public T? Result => Volatile.Read(ref _result);

    public EngineCallStatus Status { get; private set; }

    /// <summary>Hands <paramref name="action"/> to the engine and waits (at most a few seconds) for its durable answer.</summary>
    public static async Task<EngineCall<T>> RunAsync(TickEngine engine, Func<T> action)
    {
        var call = new EngineCall<T>();
        var posted = engine.PostAsync(() =>
        {
            var result = action();
            Volatile.Write(ref call._result, result);
            return result;
        });
        try
        {
            await posted.WaitAsync(EngineWait);
            call.Status = EngineCallStatus.Durable;
        }
        catch (TimeoutException)
        {
            call.Status = EngineCallStatus.NoAnswer;
        }
        catch (IOException)
        {
            call.Status = call.Result is null ? EngineCallStatus.NoAnswer : EngineCallStatus.JournalCannotWrite;
        }

        return call;
    }
}
