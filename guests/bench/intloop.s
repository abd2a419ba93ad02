// Benchmark: a two-bundle integer loop (six slots per iteration, the loop Ski's figures anchor on).
// 50,000,000 iterations of sum += i; x ^= sum; counted with ar.lc and br.cloop. Prints the sum.
	.include "print.inc"
	.section .rodata
label:	stringz	"intloop"

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 4, 2, 0
	movl	r32 = 50000000 - 1
	mov	r33 = 0				// sum
	mov	r34 = 0				// i
	mov	r35 = 0				// x
	;;
	mov	ar.lc = r32
	;;
.Lloop:
	{ .mii
	add	r33 = r33, r34
	add	r34 = 1, r34
	nop.i	0
	;;
	}
	{ .mib
	nop.m	0
	xor	r35 = r35, r33
	br.cloop.sptk.few .Lloop
	;;
	}
	movl	out0 = label
	mov	out1 = r33
	br.call.sptk.many b0 = print_result
	;;
	exit_zero
	.endp	_start
