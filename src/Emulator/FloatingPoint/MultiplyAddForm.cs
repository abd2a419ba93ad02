namespace Ivm.Emulator.FloatingPoint;

/// <summary>Which of the fma family an operation is, and whether the addend register is f0.</summary>
[Flags]
public enum MultiplyAddForm
{
    /// <summary>fma: a×b + c.</summary>
    Add = 0,
    /// <summary>fms: a×b − c.</summary>
    Subtract = 1,
    /// <summary>fnma: −(a×b) + c.</summary>
    NegateProduct = 2,
    /// <summary>
    /// The addend is f0 (fmpy, fnorm, fnmpy): the product is rounded alone rather than added to
    /// +0, so a −0 product stays −0 in every rounding mode.
    /// </summary>
    AddendIsF0 = 4,
}
