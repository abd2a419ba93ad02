using System.Globalization;
using Ivm.Cluster.V1;

namespace Ivm.Controller.Migrations;

/// <summary>
/// HPVM's per-guest migration attributes, set with <c>hpvm modify -x NAME=VALUE</c>:
/// online_migration=enabled|disabled and the four phase timeouts in seconds (0: HPVM's default,
/// init 90 s, copy unlimited, I/O quiesce 15 s, frozen 60 s).
/// </summary>
internal static class MigrationAttributes
{
    public const string OnlineMigration = "online_migration";

    private static readonly string[] Timeouts =
    [
        "migrate_init_phase_timeout", "migrate_copy_phase_timeout", "migrate_io_quiesce_phase_timeout", "migrate_frozen_phase_timeout",
    ];

    // The largest timeout the contract's milliseconds (uint32) can carry.
    private const uint MaxSeconds = uint.MaxValue / 1000;

    public static IEnumerable<string> Known => Timeouts.Prepend(OnlineMigration);

    /// <summary>Null when every attribute is known and its value allowed, else the one-line reason.</summary>
    public static string? Check(IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == OnlineMigration)
            {
                if (value is not ("enabled" or "disabled"))
                {
                    return $"-x {name}={value}: {name} is enabled or disabled";
                }
            }
            else if (Timeouts.Contains(name))
            {
                if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds) || seconds > MaxSeconds)
                {
                    return $"-x {name}={value}: a timeout is whole seconds from 0 (HPVM's default) to {MaxSeconds}";
                }
            }
            else
            {
                return $"-x {name}={value}: unknown attribute '{name}'; known: {string.Join(", ", Known)}";
            }
        }

        return null;
    }

    /// <summary>Applies checked attributes to the guest's settings.</summary>
    public static void Apply(IReadOnlyDictionary<string, string> attributes, MigrationSettings settings)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == OnlineMigration)
            {
                settings.OnlineMigrationDisabled = value == "disabled";
                continue;
            }

            uint ms = uint.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) * 1000;
            var timeouts = settings.Timeouts ??= new Ivm.Migration.V1.PhaseTimeouts();
            switch (Array.IndexOf(Timeouts, name))
            {
                case 0: timeouts.InitMs = ms; break;
                case 1: timeouts.CopyMs = ms; break;
                case 2: timeouts.IoQuiesceMs = ms; break;
                default: timeouts.FrozenMs = ms; break;
            }
        }
    }
}
