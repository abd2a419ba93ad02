// CPUID, PMD and DAHR reads (interpreter group ProcessorIdentification). The expected CPUID words are
// the SDM's layout of what Ivm presents: "GenuineIntel" in cpuid[0..1] as little-endian bytes,
// cpuid[3] = last index 4 | revision 1 << 8 | family 0x20 << 24, cpuid[4] = lb | ao.
	.include "checks.inc"

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 0, 0
	mov	r4 = 0
	mov	r32 = 0
	mov	r33 = 1
	mov	r34 = 3
	mov	r35 = 4
	;;
	mov	r36 = cpuid[r32]
	mov	r37 = cpuid[r33]
	;;
	check	r36, 0x49656e69756e6547, "cpuid[0] is GenuineI"
	check	r37, 0x6c65746e, "cpuid[1] is ntel"
	mov	r36 = cpuid[r34]
	mov	r37 = cpuid[r35]
	;;
	extr.u	r38 = r36, 0, 8
	extr.u	r39 = r36, 24, 8
	;;
	check	r38, 4, "cpuid[3] names cpuid[4] as the last register"
	check	r39, 0x20, "cpuid[3] family is 0x20"
	check	r37, 5, "cpuid[4]: long branch and 16-byte atomics"
	mov	r36 = pmd[r35]
	;;
	check	r36, 0, "secured performance monitors read as 0"
	mov	dahr3 = 0x1234
	mov	r33 = 3
	;;
	mov	r36 = dahr[r33]
	;;
	check	r36, 0x1234, "dahr3 reads back what was written"
	finish
	.endp	_start
