using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>The next release: the same tree built as the package's version with its last number bumped.</summary>
public sealed class NextPackageFixture : PackageFixture
{
    public NextPackageFixture()
        : base(Next(TreeVersion()))
    {
    }

    /// <summary>0.1.0 → 0.1.1 (tests/run.sh computes the same for its prebuilt package).</summary>
    public static string Next(string version)
    {
        var parts = version.Split('-', 2)[0].Split('.');
        parts[^1] = (int.Parse(parts[^1], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        return string.Join('.', parts);
    }
}

/// <summary>
/// An in-place upgrade as a unit meets it (README, "Upgrades"): release N installed into a <see cref="ThrowawayRoot"/>,
/// commissioned (the administrator edits the conffile), treating two patients; one session ends before the upgrade,
/// the other runs through it. The unit is stopped (the prerm's stop), release N+1, built from the same tree, is
/// installed over it with dpkg, and started (the postinst's restart). Everything the unit held is still there.
/// </summary>
[Collection(SharedPackage.Name)]
public sealed class UpgradeTests(PackageFixture package, NextPackageFixture next) : IClassFixture<NextPackageFixture>
{
    private const string UnitId = "PX-UPG-0042";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DebUpgrade_KeepsChangedConffileAndJournal_RunningSessionComesBackAwaitingResume_OldRecordStillVerifies()
    {
        Assert.NotEqual(package.Version, next.Version);
        using var root = new ThrowawayRoot();
        await root.InstallAsync(package.Deb);
        var distributed = ConffileHash(root);

        // Commissioning: the unit's id, and a resume window wide enough for a busy test machine at TimeScale 120
        // (30 device minutes are 15 real seconds, counted from the moment the upgraded unit asks for the resume).
        var config = JsonNode.Parse(File.ReadAllText(root.Config))!.AsObject();
        config["Unit"]!["Id"] = UnitId;
        config["Sessions"] = new JsonObject { ["ResumeWindowMinutes"] = 30 };
        var commissioned = config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(root.Config, commissioned);

        // Release N: session A ends with its record; session B is in infusion when the unit stops.
        string a, b, recordA;
        await using (var unit = Start(root))
        {
            var status = await unit.WaitUntilReadyAsync();
            Assert.StartsWith(package.Version + "+", status.GetProperty("version").GetString(), StringComparison.Ordinal);
            Assert.Equal(UnitId, status.GetProperty("unitId").GetString());
            await Eventually.TrueAsync(async () => (await ApiCall.StatusAsync(unit)).GetProperty("ready").GetBoolean(), Wait, "release N chilled down and ready");
            a = await OpenAsync(unit, "A", "P-UPG-A");
            b = await OpenAsync(unit, "B", "P-UPG-B");
            foreach (var ch in new[] { "A", "B" })
            {
                await ActAsync(unit, ch, "precool", "precool");
                await ActAsync(unit, ch, "infusion-start", "infusion");
            }

            await ActAsync(unit, "A", "infusion-end", "postcool");
            await Eventually.TrueAsync(async () => await HasRecordAsync(unit, a), Wait, "session A's record");
            recordA = (await ApiCall.GetAsync(unit, $"/api/sessions/{a}")).Json.GetProperty("record").GetRawText();

            Assert.Equal(0, await unit.StopAsync());
        }

        var output = await root.InstallAsync(next.Deb);

        // dpkg kept the administrator's file without asking, and still knows the file it shipped.
        Assert.DoesNotContain("Configuration file", output, StringComparison.Ordinal);
        Assert.Equal(commissioned, File.ReadAllText(root.Config));
        Assert.Equal(distributed, ConffileHash(root));
        Assert.Matches($"Package: paxman-edge\nStatus: install ok installed\n(.+\n)*Version: {Regex.Escape(next.Version)}\n", File.ReadAllText(root.DpkgStatus));
        Assert.Contains("deb-systemd-helper debian-installed paxman-edge.service", root.Stubs.Calls);

        // Release N+1: B is back as after any restart, interrupted and waiting for the nurse; A's record is unchanged.
        await using (var unit = Start(root))
        {
            var status = await unit.WaitUntilReadyAsync();
            Assert.StartsWith(next.Version + "+", status.GetProperty("version").GetString(), StringComparison.Ordinal);
            Assert.Equal(UnitId, status.GetProperty("unitId").GetString());
            var channelB = ApiCall.Channel(status, "B");
            Assert.Equal("infusion", channelB.GetProperty("state").GetString());
            Assert.Equal(b, channelB.GetProperty("session").GetProperty("sessionId").GetString());
            Assert.Equal("power-loss", channelB.GetProperty("interrupted").GetString());
            Assert.Equal(recordA, (await ApiCall.GetAsync(unit, $"/api/sessions/{a}")).Json.GetProperty("record").GetRawText());

            await ResumeAsync(unit, "B");
            await ActAsync(unit, "B", "infusion-end", "postcool");
            await Eventually.TrueAsync(async () => await HasRecordAsync(unit, b), Wait, "session B's record");
            var recordB = (await ApiCall.GetAsync(unit, $"/api/sessions/{b}")).Json.GetProperty("record");
            Assert.Equal("completed", recordB.GetProperty("outcome").GetString());
            Assert.Equal(1200, recordB.GetProperty("billableSeconds").GetProperty("postcool").GetInt64());
            Assert.Contains(recordB.GetProperty("interruptions").EnumerateArray(), i => i.GetProperty("cause").GetString() == "power-loss");
            Assert.Equal(JsonDocument.Parse(recordA).RootElement.GetProperty("hash").GetString(), recordB.GetProperty("prevHash").GetString());

            Assert.Equal(0, await unit.StopAsync());
        }

        // Release N+1's verify-journal accepts the chain, release N's record included.
        await using var verify = ChildProcess.Start(root.Executable, ["verify-journal", "--path", root.Data], root.Data, Environment(root));
        Assert.True(await verify.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, verify.Output);
        Assert.Contains("2 records and", verify.Output, StringComparison.Ordinal);
    }

    private static ServiceProcess Start(ThrowawayRoot root) =>
        ServiceProcess.Start(["--Hardware:Mode=Simulated", $"--Storage:Path={root.Data}", "--Simulator:TimeScale=120"],
            workingDirectory: root.Data, environment: Environment(root), executable: root.Executable);

    private static Dictionary<string, string?> Environment(ThrowawayRoot root) => new()
    {
        ["PAXMAN_EDGE_CONFIG"] = root.Config,
        // No .NET of this machine's is used: the package brings its own runtime.
        ["DOTNET_ROOT"] = "/nonexistent",
    };

    /// <summary>The md5 dpkg's database holds for the conffile: the one the package shipped.</summary>
    private static string ConffileHash(ThrowawayRoot root) =>
        Regex.Match(File.ReadAllText(root.DpkgStatus), @"Conffiles:\n /etc/paxman-edge/appsettings.json ([0-9a-f]{32})").Groups[1].Value;

    private static async Task<string> OpenAsync(ServiceProcess unit, string channel, string patientRef)
    {
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.PostAsync(unit, $"/api/sim/channels/{channel}/cap", "{\"connected\":true}")).Status);
        var opened = await ApiCall.PostAsync(unit, $"/api/channels/{channel}/sessions", ApiCall.NewSession(patientRef: patientRef));
        Assert.True(opened.Status == HttpStatusCode.Created, opened.Body);
        return opened.Json.GetProperty("sessionId").GetString()!;
    }

    /// <summary>A nurse's action; pre-cool is asked again while the unit says it is not ready yet.</summary>
    private static async Task ActAsync(ServiceProcess unit, string channel, string action, string state)
    {
        ApiCall call = null!;
        await Eventually.TrueAsync(async () =>
        {
            call = await ApiCall.PostAsync(unit, $"/api/channels/{channel}/session/{action}", "{\"operatorId\":\"N-7\"}");
            return call.Status == HttpStatusCode.OK || !call.Detail.Contains("not ready", StringComparison.Ordinal);
        }, Wait, $"{action} on {channel}");
        Assert.True(call.Status == HttpStatusCode.OK, $"{action} on {channel}: {call.Status} {call.Body}");
        Assert.Equal(state, call.Json.GetProperty("state").GetString());
    }

    /// <summary>The nurse confirms the cap is still on; while the started unit holds its safe state, the nurse first acknowledges its alarms.</summary>
    private static async Task ResumeAsync(ServiceProcess unit, string channel)
    {
        ApiCall call = null!;
        await Eventually.TrueAsync(async () =>
        {
            call = await ApiCall.PostAsync(unit, $"/api/channels/{channel}/session/resume", "{\"operatorId\":\"N-7\"}");
            if (call.Detail.Contains("safe state", StringComparison.Ordinal))
            {
                foreach (var alarm in (await ApiCall.StatusAsync(unit)).GetProperty("alarms").EnumerateArray())
                {
                    await ApiCall.PostAsync(unit, $"/api/alarms/{alarm.GetProperty("alarmId").GetString()}/ack");
                }

                return false;
            }

            return call.Status == HttpStatusCode.OK;
        }, Wait, $"resume on {channel}");
        Assert.Equal(JsonValueKind.Null, call.Json.GetProperty("awaitingResume").ValueKind);
    }

    private static async Task<bool> HasRecordAsync(ServiceProcess unit, string sessionId) =>
        (await ApiCall.GetAsync(unit, $"/api/sessions/{sessionId}")).Json.GetProperty("record").GetProperty("outcome").ValueKind == JsonValueKind.String;
}
