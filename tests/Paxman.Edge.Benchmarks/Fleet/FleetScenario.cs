using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Benchmarks.Fleet;

/// <summary>
/// `fleet [units] [device-minutes] [timescale] [consumers]`: a fleet of simulated units (<see cref="SimulatedFleet"/>) on
/// one local Mosquitto started here, publishing status, telemetry, channel states, notices and session records, with an
/// idempotent billing consumer on the shared subscription in a process of its own (so its CPU is its own), and a
/// watcher counting telemetry. Prints records finished against received (after dedupe, and duplicates before), the
/// broker's and the consumer's CPU; exits 1 if any record was lost (or none was finished).
/// </summary>
internal static class FleetScenario
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(FleetOptions options, int consumers)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {options.Units} units, {options.DeviceTime.TotalMinutes:0.#} device minutes each at TimeScale {options.TimeScale}, {consumers} consumers in $share/billing"));
        await using var broker = await MosquittoBroker.StartAsync(SimulatedFleet.QuietBroker);
        using var brokerProcess = Process.GetProcessById(broker.ProcessId);
        await using var consumer = StartConsumer(broker.Port, consumers);
        await consumer.WaitForLineAsync(l => l == "ready", TimeSpan.FromSeconds(30));
        using var consumerProcess = Process.GetProcessById(consumer.Id);
        await using var watcher = await FleetWatcher.StartAsync(broker.Port);

        using var folder = new TempFolder("paxman-fleet");
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new CountingLoggerProvider()).SetMinimumLevel(LogLevel.Warning));
        brokerProcess.Refresh();
        var brokerBefore = brokerProcess.TotalProcessorTime;
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = TimeProvider.System.GetTimestamp();
        await using var fleet = await SimulatedFleet.StartAsync(options, broker.Port, folder.Path, loggers, TimeSpan.FromSeconds(60));
        var connected = TimeProvider.System.GetElapsedTime(started);
        await fleet.RunAsync();
        var ran = TimeProvider.System.GetElapsedTime(started);
        var delivered = await fleet.WaitDeliveredAsync(DeliveryTimeout);
        var drained = TimeProvider.System.GetElapsedTime(started);

        var finished = fleet.Finished;
        await consumer.WriteLineAsync($"expect {finished.Count}");
        await consumer.WaitForLineAsync(l => l == "end", TimeSpan.FromSeconds(60));
        var wall = TimeProvider.System.GetElapsedTime(started);
        brokerProcess.Refresh();
        var brokerCpu = brokerProcess.TotalProcessorTime - brokerBefore;
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime - selfBefore;
        var report = consumer.Lines.Where(l => !l.StartsWith("id ", StringComparison.Ordinal)).ToList();
        var received = consumer.LinesStartingWith("id ").Select(l => l[3..]).ToHashSet(StringComparer.Ordinal);
        long Value(string key) => long.Parse(report.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);

        var lost = finished.Count(id => !received.Contains(id));
        var unknown = received.Count(id => !finished.Contains(id));
        var deviceMinutes = options.Units * options.DeviceTime.TotalMinutes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            units {options.Units}, device minutes {deviceMinutes:0} ({options.DeviceTime.TotalMinutes:0.#} each), refused nurse actions {fleet.Refusals}{(fleet.FirstRefusal is { } r ? $" (first: {r})" : "")}, units in safe state at the end {fleet.UnitsInSafeState}
            records finished {finished.Count}; received {received.Count} distinct after dedupe, {Value("messages")} messages, {Value("duplicates")} duplicates before dedupe, unreadable {Value("unreadable")}; per consumer {report.Single(l => l.StartsWith("members ", StringComparison.Ordinal))[8..]}
            lost {lost}{(unknown > 0 ? $", {unknown} received that no unit finished" : "")}; every record acknowledged (PUBACK Success) {(delivered ? "yes" : $"NO, {fleet.Backlog} still queued after {DeliveryTimeout.TotalSeconds:0} s")}
            published: telemetry {fleet.TelemetrySent} (watcher received {watcher.Telemetry}), channel states {fleet.ChannelsSent} (watcher {watcher.Channels}), status {watcher.Status}
            wall: {wall.TotalSeconds:F1} s in all, connect {connected.TotalSeconds:F1} s, run {(ran - connected).TotalSeconds:F1} s ({deviceMinutes * 60 / (ran - connected).TotalSeconds:F0} unit-device-s per s), drain after the run {(drained - ran).TotalSeconds:F1} s
            CPU: broker (mosquitto pid {broker.ProcessId}) {brokerCpu.TotalSeconds:F2} s = {brokerCpu.TotalMilliseconds / deviceMinutes:F1} ms per unit-device-minute; consumer process {Value("cpu-ms") / 1000.0:F2} s from subscribed to done; fleet process (units + watcher) {selfCpu.TotalSeconds:F1} s
            warnings or errors logged by the units: {CountingLoggerProvider.Count}
            """));
        return finished.Count > 0 && lost == 0 && unknown == 0 && delivered ? 0 : 1;
    }

    /// <summary>
    /// `fleet-consumer port members`: the billing consumer as a process of its own. Prints <c>ready</c> once subscribed;
    /// on <c>expect N</c> waits (up to 30 s) for N distinct records, then prints its counts, its CPU time since subscribed (start-up left out) and the ids.
    /// </summary>
    public static async Task<int> ConsumeAsync(int port, int members)
    {
        await using var consumer = await BillingConsumer.StartAsync(port, members);
        var atReady = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } line)
        {
            if (!line.StartsWith("expect ", StringComparison.Ordinal))
            {
                continue;
            }

            var expected = int.Parse(line[7..], CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (consumer.Unique < expected && DateTime.UtcNow < deadline)
            {
                // Records still in flight from the broker to this process.
                await Task.Delay(20);
            }

            // A short settle for duplicates still in flight.
            await Task.Delay(500);
            Console.WriteLine($"messages {consumer.Messages}");
            Console.WriteLine($"duplicates {consumer.Duplicates}");
            Console.WriteLine($"unreadable {consumer.Unreadable}");
            Console.WriteLine($"members {string.Join(" / ", consumer.PerMember)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu-ms {(long)(Process.GetCurrentProcess().TotalProcessorTime - atReady).TotalMilliseconds}"));
            foreach (var id in consumer.SessionIds)
            {
                Console.WriteLine($"id {id}");
            }

            Console.WriteLine("end");
            return 0;
        }

        return 1;
    }

    private static ChildProcess StartConsumer(int port, int members)
    {
        // This same program, as the consumer: through its apphost, or through `dotnet` when started that way.
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(FleetScenario).Assembly.Location);
        }

        arguments.AddRange(["fleet-consumer", port.ToString(CultureInfo.InvariantCulture), members.ToString(CultureInfo.InvariantCulture)]);
        return ChildProcess.Start(self, arguments, keepStdinOpen: true);
    }

    /// <summary>Counts the units' warnings and errors (a fleet of 200 would drown the console).</summary>
    private sealed class CountingLoggerProvider : ILoggerProvider
    {
        private static long _count;

        public static long Count => Interlocked.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => new Counter();

        public void Dispose()
        {
        }

        private sealed class Counter : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel) && Interlocked.Increment(ref _count) <= 5)
                {
                    Console.Error.WriteLine($"{logLevel}: {formatter(state, exception)}");
                }
            }
        }
    }
}
