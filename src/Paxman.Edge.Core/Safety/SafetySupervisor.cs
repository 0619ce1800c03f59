using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety.Conditions;

namespace Paxman.Edge.Core.Safety;

/// <summary>What the supervisor decided this tick; control obeys it.</summary>
/// <param name="SafeState">Compressor off, pump off, valves closed, cooling-enable low.</param>
/// <param name="CompressorOff">The compressor is commanded off (the pump and valves may go on).</param>
public readonly record struct SafetyVerdict(bool SafeState, bool CompressorOff);

/// <summary>
/// The host's safety supervisor (README, "Safety"), its own module, run before control in every
/// tick: it evaluates every alarm condition, keeps the alarm system, holds the safe state while a condition
/// demands it and then until every latched alarm that demanded it has been reset by a person (acknowledged after its
/// condition ended), holds the compressor off the same way, and tracks each channel's interruptions.
/// </summary>
public sealed class SafetySupervisor
{
    private readonly List<AlarmCondition> _conditions;
    private readonly List<InterruptionEvent> _interruptionEvents = [];
    private readonly Interruption[] _causes = new Interruption[2];
    private readonly bool[] _demanded = new bool[2];
    private readonly TimeSpan[] _demandSince = new TimeSpan[2];
    private readonly CoolingEnableRelayCondition _relay = new();
    private readonly RelayProof _relayProof = new();
    private Interruption _safeCause;
    private TimeSpan _safeSince;

    private const int CausesPerChannel = 7;

    public SafetySupervisor(SafetyOptions options, long timestampFrequency)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        McuLatches = McuLatchCondition.ForEveryFault();
        _conditions =
        [
            new StopButtonCondition(),
            new McuLinkLostCondition(),
            .. McuLatches,
            new McuFaultLineCondition(),
            _relay,
            new BuzzerFaultCondition(),
            new OverCoolingCriticalCondition(),
            new OverCoolingCondition(),
            new SupplySensorFaultCondition(),
            new SupplySensorStuckCondition(),
            new ProbeFaultCondition(timestampFrequency),
            new ProbeDisagreeCondition(),
            new ProbeStuckCondition(),
            new ReservoirEmptyCondition(),
            new ReservoirLowCondition(),
            new CompressorNotFollowingCondition(),
            new CoolingFailureCondition(),
            new ChillDownTimeoutCondition(),
            new CoolantWarmCondition(),
            new CoolantAboveSetpointCondition(),
            new FlowLossCondition(CapChannel.A),
            new FlowLossCondition(CapChannel.B),
            new FlowUnconfirmedCondition(CapChannel.A),
            new FlowUnconfirmedCondition(CapChannel.B),
            new FlowRestrictedCondition(CapChannel.A),
            new FlowRestrictedCondition(CapChannel.B),
        ];
    }

    public SafetyOptions Options { get; }

    public AlarmSystem Alarms { get; } = new();

    /// <summary>One condition per MCU latch bit, whose latch a person's acknowledgement of its own alarm clears.</summary>
    public IReadOnlyList<McuLatchCondition> McuLatches { get; }

    /// <summary>Every condition, in evaluation order.</summary>
    public IReadOnlyList<AlarmCondition> Conditions => _conditions;

    /// <summary>Cooling-enable is to be driven low this tick to prove the relay opens (<see cref="RelayProof"/>).</summary>
    public bool HoldCoolingEnableLow => _relayProof.HoldsEnableLow;

    /// <summary>True while the unit is held in its safe state.</summary>
    public bool InSafeState { get; private set; }

    /// <summary>Interruptions that began or ended this tick.</summary>
    public IReadOnlyList<InterruptionEvent> InterruptionEvents => _interruptionEvents;

    /// <summary>The interruptions a channel has now.</summary>
    public Interruption Causes(CapChannel channel) => _causes[(int)channel];

    /// <summary>Runs every condition for this tick and decides.</summary>
    public SafetyVerdict Evaluate(in SafetyContext context, DateTimeOffset wallNow)
    {
        var now = context.Now;
        Alarms.BeginTick(now);
        _interruptionEvents.Clear();
        for (var i = 0; i < 2; i++)
        {
            var ch = (CapChannel)i;
            var demand = context.Channel(ch).Demand;
            if (demand && !_demanded[(int)ch])
            {
                _demandSince[(int)ch] = now;
            }

            _demanded[(int)ch] = demand;
        }

        var demandSafe = false;
        var compressorOff = false;
        Interruption firstSafeCause = Interruption.None;
        var safeSince = now;
        Span<Interruption> causes = [Interruption.None, Interruption.None];
        Span<TimeSpan> since = stackalloc TimeSpan[2 * CausesPerChannel];
        foreach (var condition in _conditions)
        {
            var active = condition.Evaluate(context);
            var occurrence = Alarms.Update(condition, active, now, wallNow, !active && condition.PendingReset);
            if (active)
            {
                occurrence?.Note(condition.Action);
            }
            else if (!condition.Holding)
            {
                continue;
            }

            switch (condition.Action)
            {
                case SafetyAction.SafeState:
                    demandSafe = true;
                    if (firstSafeCause == Interruption.None)
                    {
                        firstSafeCause = condition.InterruptionCause == Interruption.None ? Interruption.SafetyStop : condition.InterruptionCause;
                    }

                    // The safe state's interruption is dated from the first sample of the faults that demand it.
                    safeSince = Min(safeSince, condition.Since);
                    break;
                case SafetyAction.CompressorOff:
                    compressorOff = true;
                    break;
                default:
                    if (condition.InterruptionCause != Interruption.None)
                    {
                        AddCause(context, condition.Channel, condition.InterruptionCause, condition.Since, causes, since);
                    }

                    break;
            }
        }

        // A latched trip goes on demanding what it demanded until a person resets it (acknowledges it after its
        // condition has ended): the safe state, or the compressor off (README, "Safety").
        var held = SafetyAction.None;
        var open = Alarms.Open;
        for (var i = 0; i < open.Count; i++)
        {
            var o = open[i];
            if (o.Latching && o.Condition.HoldsSafeState && o.Demanded > held)
            {
                held = o.Demanded;
            }
        }

        compressorOff |= held == SafetyAction.CompressorOff;
        _relayProof.Update(context, _relay.ProvenOpenAt);
        compressorOff |= _relayProof.WantsCompressorOff;
        if (demandSafe || held == SafetyAction.SafeState)
        {
            if (!InSafeState)
            {
                _safeSince = demandSafe ? safeSince : now;
                _safeCause = firstSafeCause == Interruption.None ? Interruption.SafetyStop : firstSafeCause;
            }
            else if (firstSafeCause is Interruption.StopButton or Interruption.LinkLost)
            {
                _safeCause = firstSafeCause;
            }

            InSafeState = true;
        }
        else
        {
            InSafeState = false;
        }

        if (InSafeState)
        {
            AddCause(context, null, _safeCause, _safeSince, causes, since);
        }

        UpdateInterruptions(now, causes, since);
        return new SafetyVerdict(InSafeState, InSafeState || compressorOff);
    }

    private static void AddCause(in SafetyContext context, CapChannel? channel, Interruption cause, TimeSpan from, Span<Interruption> causes, Span<TimeSpan> since)
    {
        for (var i = 0; i < 2; i++)
        {
            var ch = (CapChannel)i;
            if ((channel is null || channel == ch) && context.Channel(ch).Demand)
            {
                // Two conditions with one cause (coolant-warm and coolant-above-setpoint): from the earlier first sample.
                var slot = Slot(ch, cause);
                since[slot] = (causes[(int)ch] & cause) == 0 ? from : Min(since[slot], from);
                causes[(int)ch] |= cause;
            }
        }
    }

    private void UpdateInterruptions(TimeSpan now, Span<Interruption> causes, Span<TimeSpan> since)
    {
        for (var i = 0; i < 2; i++)
        {
            var ch = (CapChannel)i;
            var before = _causes[(int)ch];
            var after = causes[(int)ch];
            if (before == after)
            {
                continue;
            }

            for (var bit = 0; bit < 7; bit++)
            {
                var cause = (Interruption)(1 << bit);
                var was = (before & cause) != 0;
                var isNow = (after & cause) != 0;
                if (isNow && !was)
                {
                    // Dated from the fault's first sample, never before the channel was being cooled.
                    var from = Max(Min(since[Slot(ch, cause)], now), _demandSince[(int)ch]);
                    _interruptionEvents.Add(new InterruptionEvent(ch, cause, Started: true, from));
                }
                else if (was && !isNow)
                {
                    _interruptionEvents.Add(new InterruptionEvent(ch, cause, Started: false, now));
                }
            }

            _causes[(int)ch] = after;
        }
    }

    private static int Slot(CapChannel channel, Interruption cause) =>
        ((int)channel * CausesPerChannel) + System.Numerics.BitOperations.TrailingZeroCount((uint)cause);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
