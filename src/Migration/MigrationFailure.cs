namespace Ivm.Migration;

/// <summary>HPVM's migration phases, as the engine moves through them.</summary>
public enum MigrationStage
{
    Init,
    Copy,
    IoQuiesce,
    Frozen,
    SwitchOver,
}

/// <summary>A migration that cannot go on; the message names the phase and what happened.</summary>
public sealed class MigrationFailure(MigrationStage stage, string message, bool refused = false, Exception? inner = null)
    : Exception(message, inner)
{
    public MigrationStage Stage { get; } = stage;

    /// <summary>The target (or a check) refused before anything moved: FAILED_PRECONDITION.</summary>
    public bool Refused { get; } = refused;

    public static string Name(MigrationStage stage) => stage switch
    {
        MigrationStage.Init => "Init",
        MigrationStage.Copy => "Copy",
        MigrationStage.IoQuiesce => "I/O Quiesce",
        MigrationStage.Frozen => "Frozen",
        _ => "switch-over",
    };
}
