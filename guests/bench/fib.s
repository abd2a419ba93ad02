// Benchmark: recursive fib(32) through the register stack engine: every call allocates a frame with
// alloc, the frames spill to and fill from the backing store as the recursion deepens and returns.
	.include "print.inc"
	.section .rodata
label:	stringz	"fib(32)"

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 1, 2, 0
	mov	out0 = 32
	;;
	br.call.sptk.many b0 = fib
	;;
	movl	out0 = label
	mov	out1 = r8
	br.call.sptk.many b0 = print_result
	;;
	exit_zero
	.endp	_start

// fib(n) = n < 2 ? n : fib(n-1) + fib(n-2); result in r8.
	.proc	fib
fib:
	alloc	loc0 = ar.pfs, 1, 3, 1, 0
	cmp.lt	p6, p7 = 1, in0
	mov	r8 = in0
	;;
(p7)	br.ret.sptk.many b0
	mov	loc1 = b0
	adds	out0 = -1, in0
	br.call.sptk.many b0 = fib
	;;
	mov	loc2 = r8
	adds	out0 = -2, in0
	br.call.sptk.many b0 = fib
	;;
	add	r8 = r8, loc2
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	fib
