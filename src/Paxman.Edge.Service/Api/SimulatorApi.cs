using System.Text.Json;
using Paxman.Edge.Core;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// <c>/api/sim/*</c> (README, "External interfaces"): trainers and tests drive the simulated unit while the service runs.
/// Mapped only in Simulated mode; in Serial mode these paths answer 404 like any unknown API path.
/// </summary>
internal static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder endpoints)
    {
        // engine-hang holds the engine's thread; the unit stopping lets it go, so that shutdown is never stuck behind it.
        var hang = new EngineHangFault();
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(hang.Release);
        endpoints.MapPost("/api/sim/channels/{ch}/cap", SetCapAsync);
        endpoints.MapPost("/api/sim/faults", (HttpRequest request, TickEngine engine, SimulatedRig rig) => SetFaultAsync(request, engine, rig, hang));
        return endpoints;
    }

    private static async Task<IResult> SetCapAsync(string ch, HttpRequest request, TickEngine engine, SimulatedRig rig)
    {
        if (!CapChannels.TryParse(ch, out var channel))
        {
            return ApiProblems.NotFound($"There is no channel '{ch}'; the unit has channels A and B.");
        }

        var (body, problem) = await ApiProblems.ReadObjectAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        if (ApiProblems.Optional(body, "connected") is not { ValueKind: JsonValueKind.True or JsonValueKind.False } connectedJson)
        {
            return ApiProblems.BadRequest("Give \"connected\": true to plug the cap in, or false to unplug it.");
        }

        var connected = connectedJson.GetBoolean();
        return await ApiProblems.AwaitEngineAsync(Apply(engine, () => rig.Unit.SetCap(channel, connected)))
            ?? TypedResults.Ok(new { channel = channel.Name(), connected });
    }

    private static async Task<IResult> SetFaultAsync(HttpRequest request, TickEngine engine, SimulatedRig rig, EngineHangFault hang)
    {
        var (body, problem) = await ApiProblems.ReadObjectAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        if (ApiProblems.Optional(body, "fault") is not { ValueKind: JsonValueKind.String } faultJson)
        {
            return ApiProblems.BadRequest($"Give \"fault\", one of {string.Join(", ", SimulatedFaults.Names)}, {EngineHangFault.Name}.");
        }

        if (ApiProblems.Optional(body, "active") is not { ValueKind: JsonValueKind.True or JsonValueKind.False } activeJson)
        {
            return ApiProblems.BadRequest("Give \"active\": true to inject the fault, or false to clear it.");
        }

        if (faultJson.GetString() == EngineHangFault.Name)
        {
            // Answered at once: the engine cannot apply anything while it hangs, which is the point.
            if (activeJson.GetBoolean())
            {
                hang.Hang(engine);
            }
            else
            {
                hang.Release();
            }

            return TypedResults.Ok(new { fault = EngineHangFault.Name, channel = (string?)null, active = hang.Active });
        }

        var channelJson = ApiProblems.Optional(body, "channel");
        if (channelJson is { ValueKind: not JsonValueKind.String })
        {
            return ApiProblems.BadRequest("\"channel\" must be \"A\" or \"B\".");
        }

        if (!TryNumber(body, "ber", out var ber, out problem) || !TryNumber(body, "offsetC", out var offsetC, out problem))
        {
            return problem!;
        }

        if (!SimulatedFaults.TryCreate(faultJson.GetString(), activeJson.GetBoolean(), channelJson?.GetString(), ber, offsetC, out var change, out var refusal))
        {
            return ApiProblems.BadRequest(refusal);
        }

        return await ApiProblems.AwaitEngineAsync(Apply(engine, () => rig.Unit.Apply(change)))
            ?? TypedResults.Ok(new { fault = change.Fault.Name(), channel = change.Channel?.Name(), active = change.Active });
    }

    // The change runs on the engine's thread between ticks, like every other request that touches the unit.
    private static Task<bool> Apply(TickEngine engine, Action change) => engine.PostAsync(() =>
    {
        change();
        return true;
    });

    private static bool TryNumber(JsonElement body, string name, out double? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (ApiProblems.Optional(body, name) is not { } json)
        {
            return true;
        }

        if (json.ValueKind != JsonValueKind.Number || !json.TryGetDouble(out var number))
        {
            problem = ApiProblems.BadRequest($"\"{name}\" must be a number.");
            return false;
        }

        value = number;
        return true;
    }
}
