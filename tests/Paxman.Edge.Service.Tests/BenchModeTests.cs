using System.Globalization;
using System.Text.RegularExpressions;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>
/// The service in Serial mode on a bench (<c>Hardware:Bench=true</c>): the MCU link is a real serial port, here a socat
/// pty with the C reference MCU core (<c>pxmcu</c>) on the other end, while the board's GPIO and the safety probe are
/// simulated on the host (README, "Configuration").
/// </summary>
public sealed class BenchModeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BenchMode_AgainstPxmcu_LinksHoldsSafeAtTenHzDeadManOnAKillAndRelinksAfterARestart()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait);
        using var folder = new TempFolder("paxman-bench");
        string[] bench = ["--Hardware:Mode=Serial", $"--Hardware:SerialPort={pair.HostEnd}", "--Hardware:Bench=true"];

        var first = ServiceProcess.Start(bench, workingDirectory: folder.Path);
        await using (first)
        {
            // The handshake, then the host's SAFE command every tick, applied by the MCU core.
            await mcu.WaitForLineAsync(l => l.StartsWith("link", StringComparison.Ordinal), Wait);
            var firstApplied = await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal), Wait);
            Assert.EndsWith("mode=0", firstApplied, StringComparison.Ordinal);
            await mcu.WaitForLineAsync(l => l.StartsWith("applied", StringComparison.Ordinal) && Field(l, "cmd_seq") >= 60, Wait);
            var applied = mcu.LinesStartingWith("applied").Select(l => (Seq: Field(l, "cmd_seq"), At: Field(l, "uptime_ms"))).ToList();
            var rate = (applied[^1].Seq - applied[0].Seq) / ((applied[^1].At - applied[0].At) / 1000.0);
            Assert.InRange(rate, 9.0, 11.0);

            // Linked, and the simulated board and probe agree with the MCU: no fault-line or probe alarm in 6 s.
            // (Not ready as a whole: the coolant is at room temperature on a bench.)
            using var ready = await first.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
            Assert.Contains("the chiller MCU is linked", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.DoesNotContain(first.Process.Lines, l => l.Contains("Alarm raised", StringComparison.Ordinal));
            Assert.Empty(mcu.LinesStartingWith("refused"));

            // The host process dies: the MCU's dead-man stops everything 2 s after the last applied command.
            first.Process.KillHard();
            await first.WaitForExitAsync(Wait);
        }

        var deadman = await mcu.WaitForLineAsync(l => l.StartsWith("deadman", StringComparison.Ordinal), Wait);
        Assert.InRange(Field(deadman, "silent_ms"), 2000, 2250);
        await mcu.WaitForLineAsync(l => l == $"latched uptime_ms={Field(deadman, "uptime_ms")} faults=1", Wait);

        // A new host process on the same data: a new link, and it clears host-silent on its own.
        await using var second = ServiceProcess.Start(bench, workingDirectory: folder.Path);
        await mcu.WaitForLineAsync(l => l.StartsWith("link", StringComparison.Ordinal) && l != mcu.LinesStartingWith("link")[0], Wait);
        var cleared = await mcu.WaitForLineAsync(l => l.StartsWith("cleared", StringComparison.Ordinal), Wait);
        Assert.EndsWith("faults=1 by_person=0", cleared, StringComparison.Ordinal);
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task BenchMode_OpeningASession_IsRefusedWithAProblemNamingTheBenchKey()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var mcu = await Pxmcu.StartAsync(pair.McuEnd, Wait);
        using var folder = new TempFolder("paxman-bench-session");
        await using var service = ServiceProcess.Start(
            ["--Hardware:Mode=Serial", $"--Hardware:SerialPort={pair.HostEnd}", "--Hardware:Bench=true"], workingDirectory: folder.Path);
        await mcu.WaitForLineAsync(l => l.StartsWith("link", StringComparison.Ordinal), Wait);

        var opened = await ApiCall.PostAsync(service, "/api/channels/A/sessions", ApiCall.NewSession());

        Assert.Equal(System.Net.HttpStatusCode.Conflict, opened.Status);
        Assert.Equal("application/problem+json", opened.MediaType);
        Assert.Contains("Hardware:Bench", opened.Detail, StringComparison.Ordinal);
        var channel = ApiCall.Channel(await ApiCall.StatusAsync(service), "A");
        Assert.Equal("idle", channel.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, channel.GetProperty("session").ValueKind);
        Assert.Equal(0, await service.StopAsync());
    }

    private static long Field(string line, string name) =>
        long.Parse(Regex.Match(line, $@"\b{name}=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
}
