using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Conformance;

/// <summary>The verdict on one scenario: holds, fails (with every failed expectation), or not run (and why).</summary>
internal sealed record Verdict(Scenario Scenario, bool Run, IReadOnlyList<string> Failures, string? NotRunBecause = null)
{
    public bool Holds => Run && Failures.Count == 0;
}

/// <summary>
/// Plays one scenario against the MCU in real time: prepares a clean link (or boots the MCU), sends each step at its
/// scenario time, then judges every expectation on the frames received, stamped with the host's receive time.
/// </summary>
internal sealed class ScenarioRunner(McuUnderTest mcu, TextWriter log, bool verbose, long slackMs = 0)
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(20);
    private readonly Random _random = new();

    public Verdict Run(Scenario scenario)
    {
        if (scenario.NeedsBench && !mcu.HasBench)
        {
            return new Verdict(scenario, false, [], "needs the bench or a reset (--mcu)");
        }

        var failures = new List<string>();
        try
        {
            var boots = mcu.BootDelimiters.Count;
            var preparedLink = Prepare(scenario);
            var names = new Dictionary<string, long>(StringComparer.Ordinal);
            names["link"] = NewLink(preparedLink, 0);
            names["link2"] = NewLink(preparedLink, names["link"]);
            var frames = Play(scenario, names);
            Judge(scenario, frames, names, mcu.BootDelimiters.Skip(boots).ToList(), failures);
        }
        catch (Exception ex) when (ex is TimeoutException or FormatException or InvalidOperationException or IOException)
        {
            failures.Add(ex.Message);
        }

        return new Verdict(scenario, true, failures);
    }

    // Every scenario starts from a known MCU: booted with a reset reason, or on a fresh link with nothing latched.
    private ushort Prepare(Scenario scenario)
    {
        if (scenario.StartReset is { } reason)
        {
            mcu.Start(reason, BootTimeout);
            return 0;
        }

        var link = NewLink(0, 0);
        var since = mcu.NowMs;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            SendText($"HELLO host_proto_version=1 link_id={link} request_id={attempt + 1}");
            if (mcu.WaitFor(since, f => f.Type == "HELLO_ACK" && f.Fields["link_id"] == link.ToString(CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(250)))
            {
                break;
            }
        }

        // SAFE commands keep the dead-man fed while every latch whose condition is gone is cleared.
        uint seq = 0;
        var deadline = mcu.NowMs + 4000;
        ushort request = 100;
        while (mcu.NowMs < deadline)
        {
            var mark = mcu.NowMs;
            SendText($"SET_STATE link_id={link} cmd_seq={++seq} compressor_pct=0 outputs=0 mode=0");
            SendText($"CLEAR_LATCH link_id={link} request_id={++request} fault_mask=255 by_person=1");
            Thread.Sleep(100);
            var text = link.ToString(CultureInfo.InvariantCulture);
            if (mcu.FramesSince(mark).Any(f => f.Type == "STATUS" && f.Fields["link_id"] == text && f.Fields["latched"] == "0" && f.Fields["active"] == "0" && f.Fields["outputs"] is "0"))
            {
                return link;
            }
        }

        var last = mcu.FramesSince(since).LastOrDefault(f => f.Type == "STATUS");
        throw new InvalidOperationException($"cannot prepare a clean link: {last?.Text ?? "no STATUS heard"}");
    }

    private ushort NewLink(long a, long b)
    {
        ushort link;
        do
        {
            link = (ushort)_random.Next(1, 65536);
        }
        while (link == a || link == b);
        return link;
    }

    private List<ReceivedFrame> Play(Scenario scenario, Dictionary<string, long> names)
    {
        // Frames of the segments before a reset, in scenario time; the current segment's are read from the MCU.
        var frames = new List<ReceivedFrame>();
        var origin = mcu.NowMs;
        var segmentStart = origin;
        uint next = 0;
        var unresolved = new List<Step>(scenario.Steps);
        var queue = new List<TimedStep>();
        var known = new Dictionary<string, long>(names, StringComparer.Ordinal);
        long lastResolve = -1000;
        List<ReceivedFrame> SoFar() => [.. frames, .. Stamp(mcu.FramesSince(segmentStart), origin)];

        while (unresolved.Count > 0 || queue.Count > 0)
        {
            if (unresolved.Count > 0 && mcu.NowMs - lastResolve >= 20)
            {
                // A step whose time names a capture (@1000+D) is scheduled once that value has been received.
                lastResolve = mcu.NowMs;
                known = Capture(scenario, SoFar(), names);
                foreach (var step in unresolved.ToList())
                {
                    if (Expand(step, known) is { } timed)
                    {
                        queue.AddRange(timed);
                        unresolved.Remove(step);
                    }
                }

                queue.Sort((a, b) => a.AtMs != b.AtMs ? a.AtMs.CompareTo(b.AtMs) : a.Line.CompareTo(b.Line));
                if (queue.Count == 0 && mcu.NowMs - origin > 30_000)
                {
                    throw new TimeoutException($"line {unresolved[0].Line}: its time names a value that was never captured");
                }
            }

            if (queue.Count == 0 || mcu.NowMs < origin + queue[0].AtMs)
            {
                Thread.Sleep(1);
                continue;
            }

            var due = queue[0];
            queue.RemoveAt(0);
            var text = due.Text.Replace("$link2", names["link2"].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            switch (due.Kind)
            {
                case StepKind.Send:
                    if (text.Contains("$next", StringComparison.Ordinal))
                    {
                        text = text.Replace("$next", (++next).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    }

                    SendText(text.Replace("$link", names["link"].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), due.Line);
                    break;
                case StepKind.SendHex:
                    mcu.Write(Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal)));
                    break;
                case StepKind.SendRaw:
                    SendRaw(text.Replace("$link", LittleEndianHex((ushort)names["link"]), StringComparison.Ordinal), due.Line);
                    break;
                case StepKind.Bench:
                    mcu.Bench(text);
                    break;
                case StepKind.Reset:
                    // Frames up to the reset keep their times; the clock then holds until the MCU's first STATUS.
                    var resetAt = mcu.NowMs;
                    frames.AddRange(Stamp(mcu.FramesSince(segmentStart).Where(f => f.AtMs < resetAt), origin));
                    mcu.Start(text, BootTimeout);
                    var firstStatus = mcu.FramesSince(resetAt).First(f => f.Type == "STATUS" && f.Fields["link_id"] == "0");
                    origin = firstStatus.AtMs - due.AtMs;
                    segmentStart = firstStatus.AtMs;
                    break;
            }
        }

        // Wait out the last window (captures are known by now: they come from frames already received).
        known = Capture(scenario, SoFar(), names);
        var end = scenario.Expectations.Select(e => e.To.Evaluate(known) ?? 0).DefaultIfEmpty(0).Max() + 20 + slackMs;
        while (mcu.NowMs < origin + end)
        {
            Thread.Sleep(5);
        }

        frames.AddRange(Stamp(mcu.FramesSince(segmentStart), origin));
        // A stable sort: frames read in one go share a receive time, and must keep the order they came in.
        var ordered = frames.OrderBy(f => f.AtMs).ToList();
        frames.Clear();
        frames.AddRange(ordered);
        if (verbose)
        {
            foreach (var f in frames)
            {
                log.WriteLine($"    {f.AtMs,7} {f.Text}");
            }
        }

        return frames;
    }

    private static List<TimedStep>? Expand(Step step, IReadOnlyDictionary<string, long> known)
    {
        if (step.From.Evaluate(known) is not { } from)
        {
            return null;
        }

        if (step.To is null)
        {
            return [new TimedStep(from, step.Kind, step.Text, step.Line)];
        }

        if (step.To.Evaluate(known) is not { } to || step.Every?.Evaluate(known) is not { } every)
        {
            return null;
        }

        if (every <= 0)
        {
            throw new FormatException($"line {step.Line}: a repetition needs a period above 0");
        }

        var steps = new List<TimedStep>();
        for (var t = from; t <= to; t += every)
        {
            steps.Add(new TimedStep(t, step.Kind, step.Text, step.Line));
        }

        return steps;
    }

    private static IEnumerable<ReceivedFrame> Stamp(IEnumerable<ReceivedFrame> frames, long origin) =>
        frames.Select(f => f with { AtMs = f.AtMs - origin });

    // The names captured (name=>CAPTURE) by expectations, judged in file order, with the same slack as the verdict.
    private Dictionary<string, long> Capture(Scenario scenario, List<ReceivedFrame> frames, Dictionary<string, long> names)
    {
        var known = new Dictionary<string, long>(names, StringComparer.Ordinal);
        foreach (var e in scenario.Expectations.Where(e => e.Kind == ExpectKind.Expect))
        {
            if (e.From.Evaluate(known) is { } from && e.To.Evaluate(known) + slackMs is { } to)
            {
                var captures = new Dictionary<string, long>(StringComparer.Ordinal);
                if (frames.FirstOrDefault(f => f.AtMs >= from && f.AtMs <= to && e.Pattern.Matches(f, known, null)) is { } hit)
                {
                    e.Pattern.Matches(hit, known, captures);
                    foreach (var (k, v) in captures)
                    {
                        known[k] = v;
                    }
                }
            }
        }

        return known;
    }

    private void Judge(Scenario scenario, List<ReceivedFrame> frames, Dictionary<string, long> names, List<bool> bootDelimiters, List<string> failures)
    {
        var known = new Dictionary<string, long>(names, StringComparer.Ordinal);
        foreach (var e in scenario.Expectations)
        {
            if (e.From.Evaluate(known) is not { } from || e.To.Evaluate(known) is not { } to)
            {
                failures.Add($"line {e.Line}: {e.Source}: a name in its window was never captured");
                continue;
            }

            // Slack (--slack) only ever delays: a late frame may fall out of a window's end, or into the start of a
            // window that must not see it.
            // At most half of a none/all window is given up, so that it still holds frames; a count is not widened.
            if (e.Kind is ExpectKind.None or ExpectKind.All)
            {
                from += Math.Min(slackMs, (to - from) / 2);
            }
            else if (e.Kind is not (ExpectKind.Count or ExpectKind.Cadence or ExpectKind.BootDelimiter))
            {
                to += slackMs;
            }

            var window = frames.Where(f => f.AtMs >= from && f.AtMs <= to).ToList();
            var ofType = window.Where(e.Pattern.TypeMatches).ToList();
            string? problem = null;
            switch (e.Kind)
            {
                case ExpectKind.Count:
                    var count = window.Count(f => e.Pattern.Matches(f, known, null));
                    if (count < e.CountLow || count > e.CountHigh)
                    {
                        problem = $"{count} matching frames";
                        ofType = [];
                    }

                    break;
                case ExpectKind.Expect:
                    var hit = window.FirstOrDefault(f => e.Pattern.Matches(f, known, null));
                    if (hit is null)
                    {
                        problem = "no matching frame";
                    }
                    else
                    {
                        var captures = new Dictionary<string, long>(StringComparer.Ordinal);
                        e.Pattern.Matches(hit, known, captures);
                        foreach (var (k, v) in captures)
                        {
                            known[k] = v;
                        }
                    }

                    break;
                case ExpectKind.None:
                    if (window.FirstOrDefault(f => e.Pattern.Matches(f, known, null)) is { } unwanted)
                    {
                        problem = $"got {unwanted.Text} at {unwanted.AtMs} ms";
                        ofType = [];
                    }

                    break;
                case ExpectKind.All:
                    if (ofType.Count == 0)
                    {
                        problem = "no frame of that type";
                    }
                    else if (ofType.FirstOrDefault(f => !e.Pattern.ConditionsHold(f, known, null)) is { } odd)
                    {
                        problem = $"got {odd.Text} at {odd.AtMs} ms";
                        ofType = [];
                    }

                    break;
                case ExpectKind.Cadence:
                    problem = CadenceProblem(e, window.Where(f => e.Pattern.Matches(f, known, null)).ToList());
                    ofType = [];
                    break;
                case ExpectKind.BootDelimiter:
                    if (bootDelimiters.Count == 0)
                    {
                        problem = "the MCU was not started in this scenario";
                    }
                    else if (bootDelimiters.Contains(false))
                    {
                        problem = $"{bootDelimiters.Count(b => !b)} of {bootDelimiters.Count} starts sent no lone 0x00 before the first frame";
                    }

                    ofType = [];
                    break;
                case ExpectKind.First:
                    var first = window.FirstOrDefault(f => e.Pattern.Matches(f, known, null));
                    if (first is null)
                    {
                        problem = "no frame matches the pattern before the colon";
                    }
                    else if (!e.Then!.ConditionsHold(first, known, null))
                    {
                        problem = $"the first one is {first.Text} at {first.AtMs} ms";
                        ofType = [];
                    }

                    break;
            }

            if (problem is not null)
            {
                var seen = ofType.Count == 0 ? string.Empty
                    : "; saw " + string.Join(", ", ofType.Take(2).Select(f => $"{f.Text} at {f.AtMs} ms")) + (ofType.Count > 2 ? $" (+{ofType.Count - 2})" : string.Empty);
                failures.Add($"line {e.Line}: {e.Source} [{from},{to}]: {problem}{seen}");
            }
        }
    }

    // STATUS timing judged on the MCU's own clock (uptime_ms, status_seq), never on when the host received it, so a
    // loaded host or a USB adapter's buffering cannot fail it. Only an MCU whose clock is itself a loaded machine's
    // (pxmcu, the emulator process) can be late in its own time: --slack widens the jitter for it, always less than
    // half a period, so a skipped or doubled slot still fails.
    private string? CadenceProblem(Expectation e, List<ReceivedFrame> statuses)
    {
        if (statuses.Count < 2)
        {
            return $"{statuses.Count} STATUS frames; the cadence needs two or more";
        }

        var jitter = Math.Min(e.JitterMs + slackMs, ((e.PeriodMs - 1) / 2));
        ReceivedFrame? previous = null;
        long previousSlot = 0, previousSeq = 0, worst = 0;
        foreach (var f in statuses)
        {
            var uptime = long.Parse(f.Fields["uptime_ms"], CultureInfo.InvariantCulture);
            var seq = long.Parse(f.Fields["status_seq"], CultureInfo.InvariantCulture);
            var slot = (uptime + (e.PeriodMs / 2)) / e.PeriodMs;
            var off = Math.Abs(uptime - (slot * e.PeriodMs));
            worst = Math.Max(worst, off);
            if (off > jitter)
            {
                return $"{f.Text} at {f.AtMs} ms is {off} ms of MCU time off its slot (allowed {jitter})";
            }

            if (previous is not null)
            {
                var seqStep = (seq - previousSeq + 65536) % 65536;
                if (seqStep == 0 || slot - previousSlot != seqStep)
                {
                    return $"{previous.Text} then {f.Text}: {slot - previousSlot} slots of {e.PeriodMs} ms apart for a status_seq step of {seqStep}";
                }
            }

            previous = f;
            previousSlot = slot;
            previousSeq = seq;
        }

        if (verbose)
        {
            log.WriteLine($"    cadence: {statuses.Count} STATUS, at most {worst} ms of MCU time off their slots");
        }

        return null;
    }

    private void SendText(string text, int line = 0)
    {
        if (!MessageText.TryParse(text, out var wire, out var error))
        {
            throw new FormatException($"line {line}: cannot encode '{text}': {error}");
        }

        mcu.Write(wire);
    }

    // A frame of any type and payload, out-of-range fields included: type, payload, CRC-32 LE, COBS, 0x00.
    private void SendRaw(string text, int line)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        byte[] raw;
        try
        {
            var type = Convert.FromHexString(parts[0]);
            var payload = parts.Length > 1 ? Convert.FromHexString(parts[1].Replace(" ", string.Empty, StringComparison.Ordinal)) : [];
            raw = [.. type, .. payload, 0, 0, 0, 0];
        }
        catch (FormatException)
        {
            throw new FormatException($"line {line}: send-raw TYPEHEX PAYLOADHEX");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(raw.Length - 4), Crc32.HashToUInt32(raw.AsSpan(0, raw.Length - 4)));
        var wire = new byte[Cobs.GetMaxEncodedLength(raw.Length) + 1];
        var n = Cobs.Encode(raw, wire);
        wire[n] = 0;
        mcu.Write(wire.AsSpan(0, n + 1));
    }

    private static string LittleEndianHex(ushort value) => $"{value & 0xFF:x2}{value >> 8:x2}";
}
