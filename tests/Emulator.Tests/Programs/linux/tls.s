// The initial thread's TLS block (PT_TLS, IA-64 variant I): r13 is the thread pointer and the
// linker's local-exec @tprel offsets reach the initialised .tdata values and the zeroed .tbss.
	.include "checks.inc"
	.section .tdata, "awT", @progbits
	.align	16
first:	data8	0x1122334455667788
second:	data4	0xcafef00d
	.section .tbss, "awT", @nobits
	.align	8
zeroed:	.skip	8

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 0, 0
	mov	r4 = 0
	;;
	cmp.ne	p6, p0 = 0, r13
	;;
	checkp	p6, 1, "the thread pointer is set"
	adds	r32 = @tprel(first#), r13
	adds	r33 = @tprel(second#), r13
	adds	r34 = @tprel(zeroed#), r13
	;;
	sub	r35 = r32, r13
	;;
	check	r35, 16, "the TLS block starts after the 16-byte control block"
	ld8	r36 = [r32]
	ld4	r37 = [r33]
	ld8	r38 = [r34]
	;;
	check	r36, 0x1122334455667788, ".tdata holds its initial value"
	check	r37, 0xcafef00d, "a second .tdata variable"
	check	r38, 0, ".tbss starts zeroed"
	mov	r39 = 77
	;;
	st8	[r34] = r39
	;;
	ld8	r38 = [r34]
	;;
	check	r38, 77, "the TLS block is writable"
	finish
	.endp	_start
