using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paxman.Edge.Engine.Configuration;

/// <summary>
/// The technician PIN's hash (README, "Service mode"): one line <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>, PBKDF2 with
/// HMAC-SHA-256 over the PIN's UTF-8 bytes, SALT (at least 16 bytes) and HASH (32 bytes) in standard base64,
/// ITERATIONS from <see cref="MinIterations"/> to <see cref="MaxIterations"/>. <c>hash-pin</c> makes one.
/// </summary>
public sealed class TechnicianPin
{
    /// <summary>The format's prefix.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations <c>hash-pin</c> uses.</summary>
    public const int DefaultIterations = 210_000;

    public const int MinIterations = 10_000;

    public const int MaxIterations = 5_000_000;

    private const int HashBytes = 32;
    private const int MinSaltBytes = 16;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private TechnicianPin(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    /// <summary>What the file must hold, for the start-up error.</summary>
    public const string FormatDescription =
        $"one line {Scheme}$ITERATIONS$SALT$HASH (PBKDF2-HMAC-SHA256, base64 salt of 16+ bytes and 32-byte hash, 10000 to 5000000 iterations); make it with: dotnet run --project src/Paxman.Edge.Service -- hash-pin";

    public int Iterations { get; }

    /// <summary>Reads the hash line; null when it is not in the format (the text is never echoed).</summary>
    public static TechnicianPin? TryParse(string? text)
    {
        var parts = text?.Trim().Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < MinIterations or > MaxIterations)
        {
            return null;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= MinSaltBytes && hash.Length == HashBytes ? new TechnicianPin(iterations, salt, hash) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Makes the hash line of <paramref name="pin"/> with a fresh random salt.</summary>
    public static string Hash(string pin, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(pin);
        var salt = RandomNumberGenerator.GetBytes(MinSaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="pin"/> is the technician PIN (compared in constant time).</summary>
    public bool Matches(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var candidate = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), _salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return CryptographicOperations.FixedTimeEquals(candidate, _hash);
    }
}
