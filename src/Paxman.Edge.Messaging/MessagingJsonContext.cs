using System.Text.Json.Serialization;

namespace Paxman.Edge.Messaging;

/// <summary>Source-generated JSON for the messages the unit publishes.</summary>
[JsonSerializable(typeof(UnitStatusMessage))]
[JsonSerializable(typeof(AlarmMessage))]
[JsonSerializable(typeof(NoticeMessage))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;
