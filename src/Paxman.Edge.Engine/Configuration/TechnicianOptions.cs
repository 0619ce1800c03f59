namespace Paxman.Edge.Engine.Configuration;

/// <summary>
/// Configuration section <c>Technician</c>: where the service-mode PIN's hash is kept. The hash is a secret: it is
/// read only from <see cref="PinHashFile"/>, never from configuration itself, and never logged.
/// </summary>
public sealed class TechnicianOptions
{
    public const string Section = "Technician";

    /// <summary>A file holding the technician PIN's hash (mode 0640 or stricter); none means no service mode.</summary>
    public string? PinHashFile { get; set; }

    /// <summary>The hash read from <see cref="PinHashFile"/> at start; null without one.</summary>
    public string? PinHash { get; internal set; }

    /// <summary>The parsed <see cref="PinHash"/>, which service mode checks PINs against; null without one.</summary>
    public TechnicianPin? Pin { get; internal set; }

    /// <summary>Reads <see cref="PinHash"/> from its file; the problems, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(PinHashFile))
        {
            yield break;
        }

        PinHash = SecretFile.Read($"{Section}:{nameof(PinHashFile)}", PinHashFile, out var problem);
        if (problem is not null)
        {
            yield return problem;
            yield break;
        }

        Pin = TechnicianPin.TryParse(PinHash);
        if (Pin is null)
        {
            yield return $"{Section}:{nameof(PinHashFile)}: '{PinHashFile}' does not hold a technician PIN hash; it must hold {TechnicianPin.FormatDescription}.";
        }
    }
}
