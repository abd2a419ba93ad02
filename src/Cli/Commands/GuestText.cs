using System.Globalization;
using Ivm.Cluster.V1;

namespace Ivm.Cli.Commands;

/// <summary>How a guest's fields read in hpvm's outputs, shared by the table, -P, -M, -X and --json.</summary>
public static class GuestText
{
    /// <summary>
    /// The state as HPVM's tables show it: "On (OS)" for a running guest (its program is the guest's
    /// operating system here), else the state's name.
    /// </summary>
    public static string TableState(GuestState state) => state == GuestState.On ? "On (OS)" : StateName(state);

    /// <summary>The bare state name of the machine-readable outputs, as HPVM's XML vm_state.</summary>
    public static string StateName(GuestState state) => state switch
    {
        GuestState.Off => "Off",
        GuestState.On => "On",
        GuestState.Stopping => "Stopping",
        GuestState.Crashed => "Crashed",
        GuestState.Unreachable => "Unreachable",
        GuestState.Suspended => "Suspended",
        GuestState.Migrating => "Migrating",
        _ => "Unknown",
    };

    public static string StartAttribute(StartAttribute attribute) => attribute == Cluster.V1.StartAttribute.Manual ? "manual" : "auto";

    public static string OsType(GuestConfig config) => string.IsNullOrEmpty(config.OsType) ? "LINUX" : config.OsType;

    /// <summary>The entitlement cap; a guest without one may use a whole core, HPVM's 100 %.</summary>
    public static int Maximum(GuestConfig config) => config.HasEntitlementCapPercent && config.EntitlementCapPercent > 0 ? config.EntitlementCapPercent : 100;

    /// <summary>"10.0%", HPVM's way of writing an entitlement.</summary>
    public static string Percent(int percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:F1}%");

    /// <summary>A moment in history, UTC, sortable and unambiguous across hosts.</summary>
    public static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // HPVM counts a guest's storage devices and virtual NICs; an Ivm guest has neither yet (its
    // console is a serial port, which HPVM does not count either).
    public const int Devices = 0;

    public const int Networks = 0;
}
