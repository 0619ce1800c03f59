using System.Text.RegularExpressions;

namespace Paxman.Edge.Core.Sessions;

/// <summary>Configuration section <c>Sessions</c> (README, "Configuration"); every clinical default is a key here.</summary>
public sealed partial class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>The range a prescribed pre-cool may take, in minutes.</summary>
    public const int MinPreCoolMinutes = 5;
    public const int MaxPreCoolMinutes = 60;

    /// <summary>The range a prescribed post-cool may take, in minutes.</summary>
    public const int MinPostCoolMinutes = 15;
    public const int MaxPostCoolMinutes = 180;

    /// <summary>Regimens by name with their default pre-cool and post-cool minutes (Paxman's guidance).</summary>
    public Dictionary<string, RegimenOptions> Regimens { get; set; } = new(StringComparer.Ordinal)
    {
        ["default"] = new() { PreCoolMinutes = 30, PostCoolMinutes = 90 },
        ["docetaxel"] = new() { PreCoolMinutes = 30, PostCoolMinutes = 20 },
        ["paclitaxel"] = new() { PreCoolMinutes = 30, PostCoolMinutes = 60 },
    };

    /// <summary>Minutes added to the pre-cool for thick or Afro hair.</summary>
    public int ThickHairExtraPreCoolMinutes { get; set; } = 15;

    /// <summary>After a power loss or a STOP, how long the unit asks for the nurse's resume before it aborts the session.</summary>
    public double ResumeWindowMinutes { get; set; } = 10;

    /// <summary>A cap unplugged for longer than this during treatment raises the medium-priority <c>cap-off-long</c> alarm.</summary>
    public double CapOffAlarmMinutes { get; set; } = 10;

    /// <summary>How often a running session's progress is checkpointed to the journal, in seconds of device time.</summary>
    public double CheckpointSeconds { get; set; } = 10;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (Regimens.Count == 0)
        {
            yield return "Sessions:Regimens: empty; configure at least one regimen.";
        }

        foreach (var (name, regimen) in Regimens)
        {
            if (!RegimenName().IsMatch(name))
            {
                yield return $"Sessions:Regimens:{name}: a regimen's name must be lowercase letters, digits and '-' (at most 32).";
            }

            if (regimen.PreCoolMinutes is < MinPreCoolMinutes or > MaxPreCoolMinutes)
            {
                yield return $"Sessions:Regimens:{name}:PreCoolMinutes: {regimen.PreCoolMinutes} is out of range; use {MinPreCoolMinutes} to {MaxPreCoolMinutes}.";
            }

            if (regimen.PostCoolMinutes is < MinPostCoolMinutes or > MaxPostCoolMinutes)
            {
                yield return $"Sessions:Regimens:{name}:PostCoolMinutes: {regimen.PostCoolMinutes} is out of range; use {MinPostCoolMinutes} to {MaxPostCoolMinutes}.";
            }
        }

        if (ThickHairExtraPreCoolMinutes is < 0 or > 30)
        {
            yield return $"Sessions:ThickHairExtraPreCoolMinutes: {ThickHairExtraPreCoolMinutes} is out of range; use 0 to 30.";
        }

        if (ResumeWindowMinutes is < 1 or > 60 || double.IsNaN(ResumeWindowMinutes))
        {
            yield return $"Sessions:ResumeWindowMinutes: {ResumeWindowMinutes} is out of range; use 1 to 60.";
        }

        if (CapOffAlarmMinutes is < 1 or > 60 || double.IsNaN(CapOffAlarmMinutes))
        {
            yield return $"Sessions:CapOffAlarmMinutes: {CapOffAlarmMinutes} is out of range; use 1 to 60.";
        }

        if (CheckpointSeconds is < 1 or > 60 || double.IsNaN(CheckpointSeconds))
        {
            yield return $"Sessions:CheckpointSeconds: {CheckpointSeconds} is out of range; use 1 to 60.";
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex RegimenName();
}
