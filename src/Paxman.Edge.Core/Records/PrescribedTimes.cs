namespace Paxman.Edge.Core.Records;

/// <summary>Pre-cool and post-cool times, in seconds.</summary>
public sealed record PrescribedTimes(long PrecoolSeconds, long PostcoolSeconds);
