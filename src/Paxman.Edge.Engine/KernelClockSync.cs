using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Paxman.Edge.Core.Time;

namespace Paxman.Edge.Engine;

/// <summary>
/// The board's clock synchronisation, from the kernel's NTP state (README, "Time the unit can vouch for"):
/// <c>adjtimex(2)</c> with no modes only reads, and returns <c>TIME_ERROR</c> while the clock is unsynchronised (the
/// kernel's <c>STA_UNSYNC</c>, which timedatectl's "System clock synchronized" also reads). A clock earlier than the
/// release's build day is unsynchronised whatever the kernel says. Hand-written: no library here wraps adjtimex, and
/// running timedatectl once a second would fork a process from the engine's thread.
/// </summary>
public sealed partial class KernelClockSync : IClockSync
{
    private const int TimeError = 5;

    // struct timex is 208 bytes on 64-bit Linux; a larger zeroed buffer leaves room, and modes (offset 0) = 0 reads only.
    private const int TimexBytes = 512;

    private readonly DateTimeOffset _buildDay;
    private readonly Func<int> _kernelState;

    public KernelClockSync(DateTimeOffset buildDay, Func<int>? kernelState = null)
    {
        _buildDay = buildDay;
        _kernelState = kernelState ?? KernelState;
    }

    /// <summary>The day this release was built (the assemblies' <c>BuildDate</c> metadata), or the minimum when absent.</summary>
    public static DateTimeOffset ReleaseBuildDay()
    {
        var text = typeof(KernelClockSync).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildDate")?.Value;
        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day)
            ? day
            : DateTimeOffset.MinValue;
    }

    public bool IsSynchronised(DateTimeOffset wallNow) => wallNow >= _buildDay && _kernelState() is >= 0 and not TimeError;

    /// <summary>The kernel's clock state as <c>adjtimex(2)</c> returns it (0 <c>TIME_OK</c> .. 5 <c>TIME_ERROR</c>), or -1 if the call failed.</summary>
    public static unsafe int KernelState()
    {
        var timex = stackalloc byte[TimexBytes];
        new Span<byte>(timex, TimexBytes).Clear();
        return adjtimex(timex);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int adjtimex(byte* buf);
}
