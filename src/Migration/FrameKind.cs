namespace Ivm.Migration;

/// <summary>What a sealed frame carries; part of its authenticated data, so a frame cannot be
/// replayed as another kind.</summary>
public enum FrameKind : uint
{
    // Source to target.
    Layout = 1,          // the mapped page runs
    Pages = 2,           // a batch of pages (PageBatch)
    Console = 3,         // console log bytes at an offset
    RoundEnd = 4,        // end of a pre-copy round (u32 round); the target answers RoundDone
    ExecutionState = 5,  // CPU and process state, pending console input, console length (vCPU paused)
    Commit = 6,          // switch over: the target resumes the guest; carries input that came meanwhile
    Abort = 7,           // the source gives up: discard everything (UTF-8 reason)
    Configuration = 8,   // offline: the configuration record is all there is besides the console

    // Target to source.
    Ready = 16,          // everything installed; the guest can resume there on commit
    Running = 17,        // the guest runs on the target
    Failed = 18,         // the target gives up (UTF-8 reason)
    RoundDone = 19,      // every frame up to the RoundEnd is installed (u32 round)
}
