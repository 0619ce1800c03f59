using Microsoft.Extensions.Hosting.Systemd;

namespace Paxman.Edge.Service;

/// <summary>
/// Given to <see cref="SystemdLifetime"/> in place of its own notifier, so it sends nothing: its READY=1 would come
/// when the host has started, before the engine's first tick. <c>EngineWatchdog</c> notifies systemd instead
/// (READY=1 after the first tick, WATCHDOG=1 while ticks are on time, STOPPING=1 at shutdown).
/// </summary>
internal sealed class SilentSystemdNotifier : ISystemdNotifier
{
    public bool IsEnabled => false;

    public void Notify(ServiceState state)
    {
    }
}
