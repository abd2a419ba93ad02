// br.ret to a frame larger than the 96 physical stacked registers (ar.pfs is guest-writable, sof
// 127 here): an illegal operation, SIGILL (interpreter group Branches).
	.text
	.global	_start
_start:
	mov	r2 = 127
	;;
	mov	ar.pfs = r2
	movl	r3 = _start
	;;
	mov	b1 = r3
	;;
	br.ret.sptk.many b1
	;;
