using System.Globalization;
using System.Text.Json;
using Paxman.Edge.Core.Sessions;
using SessionOptions = Paxman.Edge.Core.Sessions.SessionOptions;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// The body of <c>POST /api/channels/{ch}/sessions</c> (README, "External interfaces") read strictly: each field with
/// its JSON type, minutes as whole numbers, no unknown field (a misspelt <c>postcoolMinutes</c> must not silently give
/// the regimen's default). What the values mean (regimens, ranges, the override's reason, lengths) the engine checks.
/// </summary>
internal static class NewSessionBody
{
    private static readonly string[] Fields =
        ["patientRef", "operatorId", "regimen", "thickHair", "initialFitting", "preCoolMinutes", "postCoolMinutes", "overrideReason"];

    /// <summary>The request, or the refusal (400) that says what to send instead. Messages never repeat a patient reference.</summary>
    public static NewSessionRequest? Read(JsonElement body, out string? problem)
    {
        problem = ApiProblems.UnknownMember(body, Fields, "a new session");
        if (problem is not null)
        {
            return null;
        }

        if (!Text(body, "patientRef", out var patientRef, out problem)
            || !Text(body, "operatorId", out var operatorId, out problem)
            || !Text(body, "regimen", out var regimen, out problem)
            || !Text(body, "overrideReason", out var overrideReason, out problem)
            || !Flag(body, "thickHair", out var thickHair, out problem)
            || !Flag(body, "initialFitting", out var initialFitting, out problem)
            || !Minutes(body, "preCoolMinutes", out var preCool, out problem)
            || !Minutes(body, "postCoolMinutes", out var postCool, out problem))
        {
            return null;
        }

        return new NewSessionRequest
        {
            PatientRef = patientRef,
            OperatorId = operatorId,
            Regimen = regimen,
            OverrideReason = overrideReason,
            ThickHair = thickHair,
            InitialFitting = initialFitting,
            PreCoolMinutes = preCool,
            PostCoolMinutes = postCool,
        };
    }

    private static bool Text(JsonElement body, string name, out string? value, out string? problem)
    {
        value = null;
        problem = null;
        if (ApiProblems.Optional(body, name) is not { } json)
        {
            return true;
        }

        if (json.ValueKind != JsonValueKind.String)
        {
            problem = $"\"{name}\" must be text in quotes, not {Kind(json)}.";
            return false;
        }

        value = json.GetString();
        return true;
    }

    private static bool Flag(JsonElement body, string name, out bool value, out string? problem)
    {
        value = false;
        problem = null;
        if (ApiProblems.Optional(body, name) is not { } json)
        {
            return true;
        }

        if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problem = $"\"{name}\" must be true or false, not {Kind(json)}.";
            return false;
        }

        value = json.GetBoolean();
        return true;
    }

    private static bool Minutes(JsonElement body, string name, out int? value, out string? problem)
    {
        value = null;
        problem = null;
        if (ApiProblems.Optional(body, name) is not { } json)
        {
            return true;
        }

        var (min, max) = name == "preCoolMinutes"
            ? (SessionOptions.MinPreCoolMinutes, SessionOptions.MaxPreCoolMinutes)
            : (SessionOptions.MinPostCoolMinutes, SessionOptions.MaxPostCoolMinutes);
        if (json.ValueKind == JsonValueKind.String)
        {
            var example = int.TryParse(json.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : min;
            problem = string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be a number of minutes without quotes (for example {example}), not text.");
            return false;
        }

        if (json.ValueKind != JsonValueKind.Number)
        {
            problem = $"\"{name}\" must be a number of minutes ({min} to {max}), not {Kind(json)}.";
            return false;
        }

        if (!json.TryGetDecimal(out var minutes) || minutes is < int.MinValue or > int.MaxValue)
        {
            problem = $"{name} must be {min} to {max} minutes.";
            return false;
        }

        if (minutes != decimal.Truncate(minutes))
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"\"{name}\" must be whole minutes ({min} to {max}); {minutes} has a fraction. Round it as prescribed.");
            return false;
        }

        // Out-of-range whole numbers are refused by the engine, with the same words the scenario runner gives.
        value = (int)minutes;
        return true;
    }

    private static string Kind(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
