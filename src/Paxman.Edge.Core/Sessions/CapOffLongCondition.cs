using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// A cap unplugged during treatment for longer than <see cref="SessionOptions.CapOffAlarmMinutes"/> (10 minutes: about
/// as long as a cap holds its cold): medium priority; a shorter unplug (a bathroom break) raises nothing.
/// Set by the sessions step, not by the safety supervisor.
/// </summary>
public sealed class CapOffLongCondition : SignalledCondition
{
    private readonly CapChannel _channel;
    private readonly double _minutes;
    private readonly string _message;

    public CapOffLongCondition(CapChannel channel, double minutes)
    {
        _channel = channel;
        _minutes = minutes;
        _message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Cap {channel.Name()} has been unplugged for more than {minutes:0.#} minutes: reconnect it or end the session.");
    }

    public override string Code => "cap-off-long";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    public override CapChannel? Channel => _channel;

    public override TimeSpan DetectionTime => TimeSpan.FromMinutes(_minutes);

    public override string Message => _message;
}
