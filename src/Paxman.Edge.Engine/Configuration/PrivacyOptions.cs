namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Privacy</c> (README, "Configuration"). The key is a secret: never log it.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>A key shorter than this gives a guessable HMAC over short patient references.</summary>
    public const int MinKeyLength = 16;

    /// <summary>When set, patient references are stored and sent only as an HMAC under this key.</summary>
    public string? PatientRefKey { get; set; }

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(PatientRefKey) && PatientRefKey.Length < MinKeyLength)
        {
            // The value itself is never echoed: it is a secret.
            yield return $"Privacy:PatientRefKey: too short; use at least {MinKeyLength} characters.";
        }
    }
}
