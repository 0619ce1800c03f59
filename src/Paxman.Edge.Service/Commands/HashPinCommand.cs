using Paxman.Edge.Engine.Configuration;

namespace Paxman.Edge.Service.Commands;

/// <summary>
/// <c>hash-pin</c> (README, "Service mode"): reads the technician PIN as one line from standard input and prints its hash
/// line (<c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>) for the file <c>Technician:PinHashFile</c> names. It starts no host.
/// Exit codes: 0 printed, 2 no usable PIN (4 to 32 characters, no spaces).
/// </summary>
internal static class HashPinCommand
{
    public const string Name = "hash-pin";

    /// <summary>True when the command line asks for this command (its first argument).</summary>
    public static bool IsInvoked(string[] args) => args is [Name, ..];

    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var pin = input.ReadLine()?.TrimEnd('\r');
        if (pin is not { Length: >= 4 and <= 32 } || pin.Any(char.IsWhiteSpace))
        {
            error.WriteLine("hash-pin: give the technician PIN (4 to 32 characters, no spaces) as one line on standard input, e.g. read -rs PIN; echo \"$PIN\" | ... hash-pin");
            return 2;
        }

        output.WriteLine(TechnicianPin.Hash(pin));
        return 0;
    }
}
