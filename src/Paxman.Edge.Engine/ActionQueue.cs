using System.Collections.Concurrent;

namespace Paxman.Edge.Engine;

/// <summary>
/// Actions handed to the engine's thread by other threads (HTTP, MQTT, the simulator API). They run at the start of
/// a tick, in order; each caller's task completes only after the tick, once what the action wrote to the journal is
/// durable (README, "Journal"), so a nurse is never told "done" for something a power cut could still lose.
/// </summary>
internal sealed class ActionQueue
{
    private readonly ConcurrentQueue<IPosted> _posted = new();
    private readonly List<IPosted> _ran = [];

    private interface IPosted
    {
        void Run();

        void Complete();

        void Fail(Exception exception);
    }

    public Task<T> Post<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var posted = new Posted<T>(action);
        _posted.Enqueue(posted);
        return posted.Task;
    }

    /// <summary>Runs every action posted so far (engine thread, start of the tick).</summary>
    public void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            action.Run();
            _ran.Add(action);
        }
    }

    /// <summary>
    /// After the tick: completes the actions that ran, at once or when the task <paramref name="whenDurable"/> gives
    /// completes (the journal's writes up to the tick's last one are durable); a journal that cannot write fails them.
    /// </summary>
    public void Acknowledge(Func<Task>? whenDurable)
    {
        if (_ran.Count == 0)
        {
            return;
        }

        var durable = whenDurable?.Invoke();
        if (durable is null || durable.IsCompletedSuccessfully)
        {
            foreach (var action in _ran)
            {
                action.Complete();
            }
        }
        else
        {
            var ran = _ran.ToArray();
            durable.ContinueWith(
                t =>
                {
                    foreach (var action in ran)
                    {
                        if (t.IsCompletedSuccessfully)
                        {
                            action.Complete();
                        }
                        else
                        {
                            action.Fail(t.Exception?.InnerException ?? new IOException("the journal cannot write"));
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        _ran.Clear();
    }

    private sealed class Posted<T>(Func<T> action) : IPosted
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _refused;

        public Task<T> Task => _done.Task;

        public void Run()
        {
            try
            {
                _result = action();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                _refused = ex;
            }
        }

        public void Complete()
        {
            if (_refused is not null)
            {
                _done.TrySetException(_refused);
            }
            else
            {
                _done.TrySetResult(_result!);
            }
        }

        public void Fail(Exception exception) => _done.TrySetException(exception);
    }
}
