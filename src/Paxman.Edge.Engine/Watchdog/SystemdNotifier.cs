using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Engine.Watchdog;

/// <summary>
/// Sends systemd notifications (sd_notify: <c>READY=1</c>, <c>WATCHDOG=1</c>, <c>STOPPING=1</c>) as datagrams
/// to the Unix socket named by <c>NOTIFY_SOCKET</c>: a file system path, or the abstract namespace when the
/// value starts with <c>@</c>. A no-op (<see cref="IsEnabled"/> false) when <c>NOTIFY_SOCKET</c> is unset.
/// </summary>
/// <remarks>
/// One unconnected, non-blocking socket is opened up front and every datagram is sent to the pre-serialized
/// address, so a send allocates nothing and never blocks the engine's thread (a full receive queue fails the
/// send instead). A failed send returns false and is logged once (Warning); it is never thrown.
/// Safe to call from several threads.
/// </remarks>
public sealed partial class SystemdNotifier : IDisposable
{
    /// <summary>The environment variable systemd sets to its notification socket.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    private readonly ILogger<SystemdNotifier> _logger;
    private readonly Socket? _socket;
    private readonly SocketAddress? _address;
    private int _failureLogged;
    private long _failures;

    /// <param name="notifySocket">The value of <c>NOTIFY_SOCKET</c>; null or empty disables the notifier.</param>
    /// <param name="logger">Receives the one warning about a failed send or an unusable address.</param>
    public SystemdNotifier(string? notifySocket, ILogger<SystemdNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        Address = notifySocket;
        if (notifySocket[0] is not ('/' or '@'))
        {
            // sd_notify accepts only absolute paths and abstract names for AF_UNIX.
            LogUnusableAddress(_logger, notifySocket, "neither an absolute path nor an abstract name (@...)");
            return;
        }

        // The abstract namespace is spelled with a leading NUL in the socket address.
        var path = notifySocket[0] == '@' ? string.Concat("\0", notifySocket.AsSpan(1)) : notifySocket;
        Socket? socket = null;
        try
        {
            _address = new UnixDomainSocketEndPoint(path).Serialize();
            socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
            _socket = socket;
        }
        catch (Exception ex) when (ex is ArgumentException or SocketException or PlatformNotSupportedException)
        {
            socket?.Dispose();
            _address = null;
            LogUnusableAddress(_logger, notifySocket, ex.Message);
        }
    }

    /// <summary>True when <c>NOTIFY_SOCKET</c> named a usable socket address; false makes every send a no-op.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The <c>NOTIFY_SOCKET</c> value as given (<c>@</c> for the abstract namespace), or null when unset.</summary>
    public string? Address { get; }

    /// <summary>Sends that failed so far (only the first is logged).</summary>
    public long SendFailures => Interlocked.Read(ref _failures);

    /// <summary>Creates the notifier from <c>NOTIFY_SOCKET</c> as <paramref name="environment"/> returns it.</summary>
    /// <param name="environment">Reads one environment variable, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public static SystemdNotifier FromEnvironment(Func<string, string?> environment, ILogger<SystemdNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new SystemdNotifier(environment(NotifySocketVariable), logger);
    }

    /// <summary>Sends one notification datagram, e.g. <c>"WATCHDOG=1"u8</c>. Allocates nothing when the send succeeds.</summary>
    /// <returns>True when sent; false when disabled or when the send failed (the first failure is logged).</returns>
    public bool Notify(ReadOnlySpan<byte> message)
    {
        var socket = _socket;
        if (socket is null)
        {
            return false;
        }

        try
        {
            socket.SendTo(message, SocketFlags.None, _address!);
            return true;
        }
        catch (SocketException ex)
        {
            Failed(ex.Message);
        }
        catch (ObjectDisposedException)
        {
            Failed("the notifier was disposed");
        }

        return false;
    }

    /// <summary>Sends one notification given as text (UTF-8), e.g. <c>"STATUS=cooling"</c>. Allocates; not for every tick.</summary>
    public bool Notify(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IsEnabled && Notify(Encoding.UTF8.GetBytes(message));
    }

    public void Dispose() => _socket?.Dispose();

    private void Failed(string reason)
    {
        Interlocked.Increment(ref _failures);
        if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
        {
            LogSendFailed(_logger, Address, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cannot notify systemd at NOTIFY_SOCKET={Socket}: {Reason}; further failures are not logged, and systemd may stop the unit if its notifications do not arrive")]
    private static partial void LogSendFailed(ILogger logger, string? socket, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NOTIFY_SOCKET={Socket} is not usable ({Reason}); systemd notifications are disabled")]
    private static partial void LogUnusableAddress(ILogger logger, string socket, string reason);
}
