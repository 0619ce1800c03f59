using System.Text.Json.Serialization;
using Paxman.Edge.Core;

namespace Paxman.Edge.Service.Api;

/// <summary>One sample of <c>GET /api/channels/{ch}/trend</c>: when (the unit's wall clock), the coolant supply, and the channel's interruption then.</summary>
internal sealed record TrendSample([property: JsonConverter(typeof(UtcStamp))] DateTimeOffset At, double? SupplyC, string? Interrupted);
