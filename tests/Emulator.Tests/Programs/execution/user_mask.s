// The user mask (interpreter group UserMask): mov psr.um, sum and rum, and the modified-FP bits
// the processor sets. Bit values from the SDM's PSR
// layout: up = 0x4, ac = 0x8, mfl = 0x10, mfh = 0x20.
	.include "checks.inc"

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 0, 0
	mov	r4 = 0
	;;
	rum	0x3c				// start from a known mask
	;;
	mov	r32 = psr.um
	;;
	check	r32, 0, "rum clears the user mask"
	sum	0x14				// up | mfl
	;;
	mov	r32 = psr.um
	;;
	check	r32, 0x14, "sum sets up and mfl"
	rum	0x4
	;;
	mov	r32 = psr.um
	;;
	check	r32, 0x10, "rum clears up only"
	mov	r33 = 0x29			// ac | mfh | reserved bit 0
	;;
	mov	psr.um = r33
	;;
	mov	r32 = psr.um
	;;
	check	r32, 0x28, "mov psr.um writes ac and mfh; bit 0 stays clear"
	rum	0x38
	mov	r34 = 5
	;;
	setf.sig f6 = r34			// a write to f2-f31 sets mfl
	;;
	mov	r32 = psr.um
	;;
	check	r32, 0x10, "writing f6 sets mfl"
	setf.sig f40 = r34			// a write to f32-f127 sets mfh
	;;
	mov	r32 = psr.um
	;;
	check	r32, 0x30, "writing f40 sets mfh"
	finish
	.endp	_start
