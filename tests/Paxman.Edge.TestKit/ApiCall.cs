using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Paxman.Edge.TestKit;

/// <summary>One HTTP exchange with the service, kept whole: status, content type, the raw body and its JSON, the Location header.</summary>
public sealed record ApiCall(HttpStatusCode Status, string? MediaType, string Body, JsonElement Json, Uri? Location = null)
{
    /// <summary>The problem's <c>detail</c> (empty when there is none).</summary>
    public string Detail => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty;

    /// <summary>POSTs <paramref name="body"/> as it is (null: no body at all), as application/json.</summary>
    public static async Task<ApiCall> PostAsync(ServiceProcess service, string path, string? body = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await service.Http.PostAsync(path, content, TestContext.Current.CancellationToken);
        return await ReadAsync(response);
    }

    public static async Task<ApiCall> GetAsync(ServiceProcess service, string path)
    {
        ArgumentNullException.ThrowIfNull(service);
        using var response = await service.Http.GetAsync(path, TestContext.Current.CancellationToken);
        return await ReadAsync(response);
    }

    /// <summary>Every session field a test does not set, with the values a nurse would send.</summary>
    public static string NewSession(string patientRef = "P-1", string operatorId = "N-7", string regimen = "docetaxel", string extra = "") =>
        $"{{\"patientRef\":{JsonSerializer.Serialize(patientRef)},\"operatorId\":{JsonSerializer.Serialize(operatorId)},\"regimen\":{JsonSerializer.Serialize(regimen)}{extra}}}";

    public static async Task<JsonElement> StatusAsync(ServiceProcess service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return await service.Http.GetFromJsonAsync<JsonElement>("/api/status", TestContext.Current.CancellationToken);
    }

    /// <summary>Channel A's or B's entry in <c>/api/status</c>.</summary>
    public static JsonElement Channel(JsonElement status, string channel) =>
        status.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == channel);

    private static async Task<ApiCall> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonElement json = default;
        if (text.Length > 0)
        {
            try
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON: the test's assertion on the media type or the body says so.
            }
        }

        return new ApiCall(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, json, response.Headers.Location);
    }
}
