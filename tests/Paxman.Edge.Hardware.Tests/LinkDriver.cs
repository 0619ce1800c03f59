using System.Collections.Concurrent;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Hardware.Tests;

/// <summary>
/// Ticks a link at 10 Hz of real time on its own thread, as the engine's real-time driver does, for the tests
/// over a real serial device. Pausing it makes the host silent.
/// </summary>
internal sealed class LinkDriver : IAsyncDisposable
{
    private readonly McuLink _link;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private McuLinkStatus _status;

    public LinkDriver(McuLink link)
    {
        _link = link;
        link.CommandSent += command => Sent[command.CmdSeq + ((ulong)command.LinkId << 32)] = command;
        _loop = Task.Run(RunAsync);
    }

    public McuCommand Desired { get; set; } = McuCommand.Safe;

    /// <summary>While true the host sends nothing at all (a hung host).</summary>
    public bool Paused { get; set; }

    public McuLinkStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Every command sent, by link id and cmd_seq.</summary>
    public ConcurrentDictionary<ulong, SetState> Sent { get; } = new();

    public async Task WaitForAsync(Func<McuLinkStatus, bool> condition, TimeSpan timeout, string what)
    {
        await Eventually.TrueAsync(() => condition(Status), timeout, what + $" (state {Status.State})");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (!Paused)
                {
                    var status = _link.Tick(TimeProvider.System.GetTimestamp(), Desired);
                    lock (_gate)
                    {
                        _status = status;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
