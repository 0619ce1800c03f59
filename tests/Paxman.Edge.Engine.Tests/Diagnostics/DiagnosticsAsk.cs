using System.Text.Json;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Messaging;

namespace Paxman.Edge.Engine.Tests.Diagnostics;

/// <summary>A technician's request handed to the diagnostics, with the rig ticked so the engine's part runs; the answer as JSON.</summary>
internal static class DiagnosticsAsk
{
    public static JsonElement Ask(this IDiagnostics diagnostics, SimulatedRig rig, string json, string requester = "tech-7")
    {
        var body = JsonDocument.Parse(json).RootElement.Clone();
        var answer = diagnostics.HandleAsync(new DiagnosticsRequest(body.GetProperty("command").GetString()!, body, requester), CancellationToken.None);

        // At most one engine step per request: the tick that runs it, then its continuation off the engine's thread.
        if (!answer.IsCompleted)
        {
            rig.Tick();
        }

        Assert.True(answer.Wait(TimeSpan.FromSeconds(10)), $"no answer to {json}");
        return ToJson(answer.Result);
    }

    /// <summary>The reply as the responder sends it: ok, code and error, and the result's fields.</summary>
    public static JsonElement ToJson(DiagnosticsReply reply)
    {
        var node = reply.Result is null
            ? new System.Text.Json.Nodes.JsonObject()
            : JsonSerializer.SerializeToNode(reply.Result, reply.Result.GetType(), JsonSerializerOptions.Web)!.AsObject();
        node["ok"] = reply.Ok;
        node["code"] = reply.Code;
        node["error"] = reply.Error;
        return JsonSerializer.SerializeToElement(node);
    }

    public static bool Ok(this JsonElement answer) => answer.GetProperty("ok").GetBoolean();

    public static string? Code(this JsonElement answer) => answer.GetProperty("code").GetString();
}
