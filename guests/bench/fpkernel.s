// Benchmark: a floating-point kernel. 2,000 passes of y[i] = a * x[i] + y[i] (daxpy) over 4,096
// doubles with ldfd/fma.d/stfd, then prints the bits of sum(y) as an unsigned number.
	.include "print.inc"
	.set	N, 4096
	.set	PASSES, 2000
	.section .rodata
label:	stringz	"fpkernel"
	.bss
	.align	16
xs:	.skip	N * 8
ys:	.skip	N * 8

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 2, 0
	// x[i] = i, y[i] = 1.0; a = 2^-20 so every sum stays exact in double precision.
	movl	r32 = xs
	movl	r33 = ys
	movl	r34 = N - 1
	mov	r35 = 0
	movl	r36 = 0x3ff0000000000000	// 1.0
	;;
	mov	ar.lc = r34
	setf.d	f7 = r36
	mov	f6 = f0
	;;
.Linit:
	stfd	[r32] = f6, 8
	stfd	[r33] = f7, 8
	fadd.d	f6 = f6, f1			// i + 1, exact for these small integers
	br.cloop.sptk.few .Linit
	;;
	movl	r36 = 0x3eb0000000000000	// 2^-20
	mov	r37 = PASSES
	;;
	setf.d	f8 = r36
.Lpass:
	movl	r32 = xs
	movl	r33 = ys
	movl	r34 = N - 1
	;;
	mov	ar.lc = r34
	mov	r38 = r33
	;;
.Laxpy:
	ldfd	f9 = [r32], 8
	ldfd	f10 = [r33], 8
	;;
	fma.d	f11 = f8, f9, f10
	;;
	stfd	[r38] = f11, 8
	br.cloop.sptk.few .Laxpy
	;;
	adds	r37 = -1, r37
	;;
	cmp.ne	p6, p0 = 0, r37
(p6)	br.cond.sptk .Lpass
	movl	r33 = ys
	movl	r34 = N - 1
	;;
	mov	ar.lc = r34
	mov	f12 = f0
	;;
.Lsum:
	ldfd	f10 = [r33], 8
	;;
	fadd.d	f12 = f12, f10
	br.cloop.sptk.few .Lsum
	;;
	getf.d	out1 = f12
	movl	out0 = label
	br.call.sptk.many b0 = print_result
	;;
	exit_zero
	.endp	_start
