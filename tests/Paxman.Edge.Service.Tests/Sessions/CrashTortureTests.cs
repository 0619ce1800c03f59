using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Service.Tests.Journal;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Sessions;

/// <summary>
/// Crash torture as a real process (README, "Journal"): the service, treating two patients on accelerated device
/// time, is killed with SIGKILL at random instants and started again on the same data folder; after each start the
/// nurse resumes every interrupted channel. Every action answered 200 survives the kill, every session ends with
/// exactly one record billing its prescribed post-cool, stamps never run backwards, and the journal verifies.
/// </summary>
public sealed class CrashTortureTests
{
    private const int Seed = 20260105;
    private const int MinimumKills = 10;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string[] Channels = ["A", "B"];

    [Fact]
    public async Task Sigkill_TenTimesDuringTwoSessions_EverySessionEndsWithOneRecordAndTheChainVerifies()
    {
        using var folder = new TempFolder("paxman-torture");
        var torture = new Torture(folder.Path, new Random(Seed));
        try
        {
            await torture.StartAsync();
            await Eventually.TrueAsync(async () => (await ApiCall.StatusAsync(torture.Service)).GetProperty("ready").GetBoolean(), Wait, "the unit chilled down and ready");
            foreach (var ch in Channels)
            {
                Assert.Equal(HttpStatusCode.OK, (await ApiCall.PostAsync(torture.Service, $"/api/sim/channels/{ch}/cap", "{\"connected\":true}")).Status);
            }

            var a = await torture.OpenAsync("A", ApiCall.NewSession(patientRef: "P-A"));
            var b = await torture.OpenAsync("B", ApiCall.NewSession(patientRef: "P-B", extra: ",\"postCoolMinutes\":15,\"overrideReason\":\"prescriber-order\""));
            await torture.KillAtARandomInstantAsync();

            await torture.ActAsync("precool", "precool", retryWhileNotReady: true);
            await torture.KillAtARandomInstantAsync();
            await torture.KillAtARandomInstantAsync();

            await torture.ActAsync("infusion-start", "infusion");
            await torture.KillAtARandomInstantAsync();
            await torture.KillAtARandomInstantAsync();

            await torture.ActAsync("infusion-end", "postcool");
            while (!await torture.BothDoneAsync())
            {
                await torture.KillAtARandomInstantAsync();
            }

            // The rest of the kills land after both records were written: none may be written again.
            while (torture.Kills < MinimumKills)
            {
                await torture.KillAtARandomInstantAsync();
            }

            var list = await ApiCall.GetAsync(torture.Service, "/api/sessions?limit=200");
            var records = list.Json.GetProperty("sessions").EnumerateArray().Where(s => !s.GetProperty("running").GetBoolean()).ToList();
            Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), records.Select(r => r.GetProperty("sessionId").GetString()!).Order(StringComparer.Ordinal));

            foreach (var (id, postcool) in new[] { (a, 1200L), (b, 900L) })
            {
                var record = (await ApiCall.GetAsync(torture.Service, $"/api/sessions/{id}")).Json.GetProperty("record");
                Assert.Equal("completed", record.GetProperty("outcome").GetString());
                Assert.Equal(postcool, record.GetProperty("billableSeconds").GetProperty("postcool").GetInt64());
                Assert.Contains(record.GetProperty("interruptions").EnumerateArray(), i => i.GetProperty("cause").GetString() == "power-loss");
                AssertStampsNeverRunBackwards(record);
            }

            Assert.Equal(0, await torture.Service.StopAsync());
        }
        finally
        {
            await torture.DisposeAsync();
        }

        var data = Path.Combine(folder.Path, "data");
        Assert.Equal(2, RecordRows(data));
        var (exit, output) = await VerifyJournal.RunAsync("--path", data);
        Assert.True(exit == 0, output);
        Assert.Contains("2 records and", output, StringComparison.Ordinal);
    }

    private static void AssertStampsNeverRunBackwards(JsonElement record)
    {
        var stamps = new List<string> { record.GetProperty("startedAt").GetString()! };
        foreach (var phase in record.GetProperty("phases").EnumerateArray())
        {
            stamps.Add(phase.GetProperty("startedAt").GetString()!);
            stamps.Add(phase.GetProperty("endedAt").GetString()!);
        }

        stamps.Add(record.GetProperty("endedAt").GetString()!);
        Assert.Equal(stamps.Order(StringComparer.Ordinal), stamps);
        foreach (var interruption in record.GetProperty("interruptions").EnumerateArray())
        {
            Assert.True(string.CompareOrdinal(interruption.GetProperty("startedAt").GetString(), interruption.GetProperty("endedAt").GetString()) <= 0,
                $"interruption runs backwards: {interruption}");
        }
    }

    private static long RecordRows(string data)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(data, "journal.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM records";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The service under torture, the channels' expected states, and the kills so far.</summary>
    private sealed class Torture(string workingDirectory, Random random) : IAsyncDisposable
    {
        // TimeScale 120: a restart's few real seconds stay a few device minutes; the resume window is widened so
        // that a slow start on a busy machine cannot abort a session the nurse is about to resume.
        private static readonly string[] Arguments = ["--Simulator:TimeScale=120", "--Sessions:ResumeWindowMinutes=30"];

        private readonly Dictionary<string, string> _expected = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _sessions = new(StringComparer.Ordinal);

        public ServiceProcess Service { get; private set; } = null!;

        public int Kills { get; private set; }

        public async Task StartAsync()
        {
            Service = ServiceProcess.Start(Arguments, workingDirectory: workingDirectory);
            await Service.WaitUntilReadyAsync();
        }

        public async Task<string> OpenAsync(string channel, string body)
        {
            var opened = await ApiCall.PostAsync(Service, $"/api/channels/{channel}/sessions", body);
            Assert.True(opened.Status == HttpStatusCode.Created, opened.Body);
            _expected[channel] = "prepared";
            return _sessions[channel] = opened.Json.GetProperty("sessionId").GetString()!;
        }

        /// <summary>The action on both channels; each 200 is a promise that the state survives a kill.</summary>
        public async Task ActAsync(string action, string state, bool retryWhileNotReady = false)
        {
            foreach (var channel in Channels)
            {
                ApiCall call = null!;
                await Eventually.TrueAsync(async () =>
                {
                    call = await ApiCall.PostAsync(Service, $"/api/channels/{channel}/session/{action}", "{\"operatorId\":\"N-7\"}");
                    return call.Status == HttpStatusCode.OK || !(retryWhileNotReady && call.Detail.Contains("not ready", StringComparison.Ordinal));
                }, Wait, $"{action} on {channel}");
                Assert.True(call.Status == HttpStatusCode.OK, $"{action} on {channel}: {call.Status} {call.Body}");
                Assert.Equal(state, call.Json.GetProperty("state").GetString());
                _expected[channel] = state;
            }
        }

        /// <summary>Both sessions have their final record (a channel shows it as done, or, after a restart, idle).</summary>
        public async Task<bool> BothDoneAsync()
        {
            foreach (var channel in Channels)
            {
                if (!await FinalAsync(channel))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Waits a random 0.3-2.5 s of real time, kills the service with SIGKILL, starts it again and resumes.</summary>
        public async Task KillAtARandomInstantAsync()
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 2500)), TestContext.Current.CancellationToken);
            Service.Process.KillHard();
            await Service.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await Service.DisposeAsync();
            Kills++;

            await StartAsync();
            var after = await ApiCall.StatusAsync(Service);
            foreach (var channel in Channels)
            {
                var now = ApiCall.Channel(after, channel);
                var state = now.GetProperty("state").GetString();

                // What was acknowledged is there. A post-cool may have completed just before the kill; a channel whose
                // session has its record comes back idle (only open sessions are recovered).
                if (_expected[channel] is "postcool" or "done" && state is "done" or "idle" && await FinalAsync(channel))
                {
                    _expected[channel] = "done";
                }
                else
                {
                    Assert.True(state == _expected[channel], $"kill {Kills}: channel {channel} is {state}, expected {_expected[channel]}\n{Service.Output}");
                }

                // The simulated unit outlived the process: the caps are still plugged in.
                Assert.True(now.GetProperty("capConnected").GetBoolean(), $"kill {Kills}: cap {channel} unplugged after the restart");
                if (state is "precool" or "infusion" or "postcool")
                {
                    await ResumeAsync(channel);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Service is not null)
            {
                await Service.DisposeAsync();
            }
        }

        private async Task<bool> FinalAsync(string channel)
        {
            var call = await ApiCall.GetAsync(Service, $"/api/sessions/{_sessions[channel]}");
            Assert.True(call.Status == HttpStatusCode.OK, $"session on {channel}: {call.Status} {call.Body}");
            return call.Json.GetProperty("record").GetProperty("outcome").ValueKind == JsonValueKind.String;
        }

        // The nurse confirms the cap is still on; while the unit is still in its safe state after the start, the
        // nurse acknowledges the alarms first, as the refusal says.
        private async Task ResumeAsync(string channel)
        {
            ApiCall call = null!;
            await Eventually.TrueAsync(async () =>
            {
                call = await ApiCall.PostAsync(Service, $"/api/channels/{channel}/session/resume", "{\"operatorId\":\"N-7\"}");
                if (call.Status == HttpStatusCode.OK)
                {
                    return true;
                }

                if (call.Detail.Contains("safe state", StringComparison.Ordinal))
                {
                    foreach (var alarm in (await ApiCall.StatusAsync(Service)).GetProperty("alarms").EnumerateArray())
                    {
                        await ApiCall.PostAsync(Service, $"/api/alarms/{alarm.GetProperty("alarmId").GetString()}/ack");
                    }

                    return false;
                }

                // Not yet asking (the first ticks after the start), or ended meanwhile: ask again, or stop.
                return call.Detail.Contains("no running session", StringComparison.Ordinal);
            }, Wait, $"resume on {channel} after kill {Kills}");
            if (call.Status == HttpStatusCode.OK)
            {
                Assert.Null(call.Json.GetProperty("awaitingResume").GetString());
            }
            else if (call.Status != HttpStatusCode.Conflict)
            {
                Assert.Fail($"resume on {channel}: {call.Status} {call.Body}");
            }
        }
    }
}
