namespace Ivm.Emulator.Cpu;

/// <summary>
/// Where the register stack engine spills and fills stacked registers: 8-byte words of guest memory
/// at the backing-store addresses (ar.bspstore). Guest memory implements it; tests may use a map.
/// </summary>
public interface IBackingStore
{
    ulong Read64(ulong address);

    void Write64(ulong address, ulong value);
}
