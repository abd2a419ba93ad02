// Benchmark: branch-heavy code. Sums the Collatz path lengths of 1 .. 300,000: every step is a
// data-dependent conditional branch (odd or even) and a loop-closing branch.
	.include "print.inc"
	.set	LIMIT, 300000
	.section .rodata
label:	stringz	"branchy"

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 6, 2, 0
	mov	r32 = 1				// n
	mov	r33 = 0				// total steps
	movl	r34 = LIMIT
	;;
.Lnumber:
	mov	r35 = r32			// x
	;;
.Lstep:
	cmp.eq	p6, p0 = 1, r35
(p6)	br.cond.dpnt .Ldone
	tbit.nz	p7, p8 = r35, 0
	adds	r33 = 1, r33
	;;
(p8)	br.cond.dptk .Leven
	shladd	r36 = r35, 1, r35		// 3x
	;;
	adds	r35 = 1, r36			// 3x + 1
	br.sptk	.Lstep
	;;
.Leven:
	shr.u	r35 = r35, 1
	br.sptk	.Lstep
	;;
.Ldone:
	adds	r32 = 1, r32
	;;
	cmp.ge	p6, p0 = r34, r32
(p6)	br.cond.dptk .Lnumber
	;;
	movl	out0 = label
	mov	out1 = r33
	br.call.sptk.many b0 = print_result
	;;
	exit_zero
	.endp	_start
