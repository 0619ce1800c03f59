using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paxman.Edge.Core.Privacy;

/// <summary>
/// Patient references and operator ids as the unit stores them (README, "Configuration", <c>Privacy:PatientRefKey</c>):
/// checked when entered, and pseudonymised when a key is configured so the raw reference never leaves the unit.
/// </summary>
public static class PatientRefs
{
    /// <summary>The longest reference or id accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 64;

    /// <summary>What a protected reference starts with.</summary>
    public const string Prefix = "hmac:";

    private const int HexDigits = 32;

    /// <summary>
    /// With a key: <c>hmac:</c> + the first 32 lowercase hex digits of HMAC-SHA256(key, value), both UTF-8. Without
    /// one (null or empty): the value unchanged. Not idempotent: protect a reference once, when it is entered.
    /// </summary>
    public static string Protect(string patientRef, string? key)
    {
        ArgumentNullException.ThrowIfNull(patientRef);
        if (string.IsNullOrEmpty(key))
        {
            return patientRef;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(patientRef), mac);
        return Prefix + Convert.ToHexStringLower(mac[..(HexDigits / 2)]);
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be used as <paramref name="field"/>, in words a nurse can act on; null when
    /// it can. Refused: missing, empty or only spaces, longer than <see cref="MaxLength"/> characters, or holding a
    /// control character (a tab or line break). The message never repeats the value itself.
    /// </summary>
    /// <param name="field">How the field is named to the person, for example "Patient reference" or "Operator ID".</param>
    public static string? Validate(string? value, string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        if (value is null)
        {
            return $"{field} is missing: enter it.";
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is empty: enter it.";
        }

        if (value.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{field} is too long: at most {MaxLength} characters, this has {value.Length}.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return $"{field} contains a tab, line break or other control character: enter it on one line.";
            }
        }

        return null;
    }
}
