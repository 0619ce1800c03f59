namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// Why the unit refuses a nurse's action, in words a nurse can act on: <see cref="Conflict"/> (409) for an action the
/// channel's state does not allow now, <see cref="Invalid"/> (400) for a request that is wrong in itself. A refused
/// action changes nothing.
/// </summary>
public sealed record SessionRefusal(bool IsConflict, string Detail)
{
    public static SessionRefusal Conflict(string detail) => new(true, detail);

    public static SessionRefusal Invalid(string detail) => new(false, detail);
}
