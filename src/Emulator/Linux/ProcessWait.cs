namespace Ivm.Emulator.Linux;

/// <summary>What a parked process (see <see cref="LinuxProcess.ParksOnBlockingCalls"/>) waits for.</summary>
public enum ProcessWait : byte
{
    /// <summary>Not parked: it can run.</summary>
    None,

    /// <summary>In nanosleep or clock_nanosleep until <see cref="LinuxProcess.WakeTimestamp"/>.</summary>
    Timer,

    /// <summary>In read(0) while its standard input had nothing to read.</summary>
    Input,
}
